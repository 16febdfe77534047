package io.osgiserve.runtime.osgi;

import io.osgiserve.runtime.controller.ReplicaConfig;
import io.osgiserve.runtime.controller.ReplicaHost;
import io.osgiserve.runtime.replica.Replica;
import java.io.Closeable;
import java.util.Map;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One replica: an instance of the component factory {@value #FACTORY}, made by the node for each new
 * replica ({@link ComponentFactoryTransport}), holding the {@link Replica} and through it the user's
 * object. Its deactivation, by the node retiring it or by anyone disposing it, runs the user's
 * {@code close()}; a disposal the node did not ask for is reported to the loop as a lost replica,
 * which the next pass replaces. Each instance is offered as a {@link Closeable} service with
 * {@code serve.replica.id}, {@code serve.app} and {@code serve.deployment}: closing it disposes the
 * instance. Activation only posts to the loop: the constructor runs on the node's lifecycle threads.
 */
@Component(name = ReplicaComponent.FACTORY, factory = ReplicaComponent.FACTORY,
        configurationPolicy = ConfigurationPolicy.IGNORE, service = Closeable.class)
public final class ReplicaComponent implements Closeable {
    public static final String FACTORY = "serve.replica";
    /** Private instance properties (a leading dot: never service properties): the replica and its host. */
    static final String REPLICA = ".serve.replica";
    static final String HOST = ".serve.host";

    private final ComponentContext context;
    private final ReplicaHost host;
    private final Replica replica;

    @Activate
    public ReplicaComponent(ComponentContext context, Map<String, Object> properties) {
        this.context = context;
        this.host = (ReplicaHost) properties.get(HOST);
        this.replica = (Replica) properties.get(REPLICA);
        host.attach(ReplicaConfig.fromProperties(properties));
    }

    /** Disposes this instance (what the node does to retire it; anyone else's call makes it a lost replica). */
    @Override
    public void close() {
        context.getComponentInstance().dispose();
    }

    @Deactivate
    void deactivate() {
        replica.stopRouting();
        replica.close(); // the user's close hook, once (a retiring replica's drain happened before)
        host.detach(replica.id());
    }
}
