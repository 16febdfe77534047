package io.osgiserve.runtime.osgi;

import io.osgiserve.runtime.controller.ReplicaConfig;
import io.osgiserve.runtime.controller.ReplicaHost;
import io.osgiserve.runtime.controller.ReplicaTransport;
import io.osgiserve.runtime.replica.Replica;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentFactory;
import org.osgi.service.component.ComponentInstance;

/**
 * Replicas as instances of the component factory {@code serve.replica}: no configuration to persist,
 * no ConfigAdmin event and no SCR scan per replica (a new instance is activated in the call).
 */
final class ComponentFactoryTransport implements ReplicaTransport {
    private static final Logger LOG = Logger.getLogger(ComponentFactoryTransport.class.getName());

    private final ComponentFactory<ReplicaComponent> factory;
    private final ConfigurationAdmin admin;
    private final ReplicaHost host;
    private final Map<String, ComponentInstance<ReplicaComponent>> instances = new ConcurrentHashMap<>();

    ComponentFactoryTransport(ComponentFactory<ReplicaComponent> factory, ConfigurationAdmin admin, ReplicaHost host) {
        this.factory = factory;
        this.admin = admin;
        this.host = host;
    }

    @Override
    public void create(ReplicaConfig config, Replica replica) {
        Hashtable<String, Object> p = config.toProperties();
        p.put(ReplicaComponent.REPLICA, replica);
        p.put(ReplicaComponent.HOST, host);
        instances.put(config.replicaId(), factory.newInstance(p));
    }

    @Override
    public void delete(String replicaId) {
        ComponentInstance<ReplicaComponent> instance = instances.remove(replicaId);
        if (instance != null) {
            instance.dispose(); // a no-op when it was disposed already
        }
    }

    /** Disposes the instances still there, and the replica configurations of node versions before the factory. */
    @Override
    public void deleteAll() {
        for (String id : java.util.List.copyOf(instances.keySet())) {
            delete(id);
        }
        try {
            Configuration[] old = admin.listConfigurations("(service.factoryPid=" + ReplicaComponent.FACTORY + ")");
            if (old != null) {
                for (Configuration c : old) {
                    c.delete();
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.log(Level.WARNING, "cannot delete replica configurations of an earlier node version", e);
        }
    }
}
