package io.osgiserve.cluster.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.osgiserve.cluster.placement.Resources;
import io.osgiserve.config.NodeSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a member needs to start, read and checked from the node's settings. */
public record ClusterSettings(String nodeId, String host, int port, List<String> members, String token,
                              Resources offered, Path dataDir) {
    static final int MAX_MEMBERS = 256;
    static final int MAX_RESOURCES = 64;

    public static ClusterSettings from(NodeSettings settings, String nodeId, Path dataDir) {
        return from(settings, nodeId, dataDir, dataDir.resolve("agent.token"));
    }

    /** @param tokenFile the agent's token file (the cluster's token unless serve.cluster.token is set) */
    public static ClusterSettings from(NodeSettings settings, String nodeId, Path dataDir, Path tokenFile) {
        String host = settings.text(NodeSettings.CLUSTER_HOST);
        int port = settings.port(NodeSettings.CLUSTER_PORT);
        if (port == 0) {
            throw new IllegalArgumentException(NodeSettings.CLUSTER_PORT.key() + ": other nodes must know the port; 0 is not allowed");
        }
        List<String> members = settings.list(NodeSettings.CLUSTER_MEMBERS);
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException(NodeSettings.CLUSTER_MEMBERS.key() + ": at most " + MAX_MEMBERS + " addresses");
        }
        members.forEach(ClusterSettings::checkAddress);
        String token = settings.text(NodeSettings.CLUSTER_TOKEN);
        if (token.isEmpty()) {
            token = readToken(tokenFile);
        }
        String cpus = settings.text(NodeSettings.CLUSTER_NUM_CPUS);
        double numCpus = cpus.isEmpty() ? Runtime.getRuntime().availableProcessors() : amount(NodeSettings.CLUSTER_NUM_CPUS.key(), cpus);
        long memory = settings.text(NodeSettings.CLUSTER_MEMORY).isEmpty()
                ? Runtime.getRuntime().maxMemory() : settings.bytes(NodeSettings.CLUSTER_MEMORY);
        Resources offered = new Resources(numCpus, memory, resources(settings.text(NodeSettings.CLUSTER_RESOURCES)));
        return new ClusterSettings(nodeId, ip(host), port, members, token, offered, dataDir);
    }

    /** {@code --resources '{"name": amount}'}: a JSON object of at most 64 names, each amount a number of at least 0. */
    static Map<String, Double> resources(String json) {
        String key = NodeSettings.CLUSTER_RESOURCES.key();
        JsonNode doc;
        try {
            doc = JsonFiles.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(key + ": not JSON (" + e.getOriginalMessage() + "); write {\"name\": amount}");
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException(key + ": must be a JSON object such as {\"GPU\": 1}");
        }
        if (doc.size() > MAX_RESOURCES) {
            throw new IllegalArgumentException(key + ": at most " + MAX_RESOURCES + " resources");
        }
        Map<String, Double> custom = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isBlank() || e.getKey().length() > 64) {
                throw new IllegalArgumentException(key + ": a resource name must have 1 to 64 characters");
            }
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble()) || e.getValue().asDouble() < 0) {
                throw new IllegalArgumentException(key + ": '" + e.getKey() + "' must be a number of at least 0");
            }
            custom.put(e.getKey(), e.getValue().asDouble());
        }
        return custom;
    }

    private static double amount(String key, String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the one message below
        }
        throw new IllegalArgumentException(key + ": '" + text + "' is not a number of at least 0");
    }

    private static void checkAddress(String address) {
        int colon = address.lastIndexOf(':');
        String where = NodeSettings.CLUSTER_MEMBERS.key() + ": '" + address + "'";
        if (colon <= 0) {
            throw new IllegalArgumentException(where + " is not host:port");
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(where + " has no port between 1 and 65535");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " is not host:port (one port; ranges are not taken)");
        }
    }

    // Hazelcast binds to interfaces given as IP addresses
    private static String ip(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(NodeSettings.CLUSTER_HOST.key() + ": unknown host '" + host + "'");
        }
    }

    private static String readToken(Path file) {
        try {
            if (Files.size(file) > 4096) {
                throw new IllegalArgumentException(file + " is larger than a token (4 KiB)");
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("the cluster needs the agent token: set " + NodeSettings.CLUSTER_TOKEN.key()
                    + " or write it to " + file);
        }
    }

    List<String> joinAddresses(List<String> remembered) {
        List<String> all = new ArrayList<>(members);
        for (String address : remembered) {
            if (!all.contains(address) && !address.equals(host + ":" + port) && all.size() < MAX_MEMBERS) {
                all.add(address);
            }
        }
        return all;
    }
}
