package io.osgiserve.rest.impl;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.glassfish.jersey.internal.PropertiesDelegate;

/** A request's properties: a plain map (a request is processed by one thread at a time). */
final class MapPropertiesDelegate implements PropertiesDelegate {
    private final Map<String, Object> properties = new HashMap<>();

    @Override
    public Object getProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Collection<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public void setProperty(String name, Object object) {
        properties.put(name, object);
    }

    @Override
    public void removeProperty(String name) {
        properties.remove(name);
    }
}
