package io.osgiserve.cluster.impl;

import io.osgiserve.cluster.Versioned;
import io.osgiserve.cluster.WriteRefusedException;
import io.osgiserve.cluster.placement.Resources;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cluster member in a JVM of its own, for the tests: args are node id, data directory, port, members to
 * join (comma-separated or "-") and token. Reads commands on stdin ({@code <n> role}, {@code <n> members},
 * {@code <n> read KEY}, {@code <n> write KEY GEN JSON}, {@code quit}) and answers each on stdout as
 * {@code <n> answer}.
 */
public final class MemberMain {
    public static void main(String[] args) throws Exception {
        List<String> members = "-".equals(args[3]) ? List.of() : List.of(args[3].split(","));
        ClusterSettings settings = new ClusterSettings(args[0], "127.0.0.1", Integer.parseInt(args[2]), members, args[4],
                new Resources(2, 1L << 30, Map.of()), Path.of(args[1]));
        try (HazelcastCluster cluster = HazelcastCluster.start(settings, MemberMain.class.getClassLoader())) {
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                String[] words = line.split(" ", 5);
                System.out.println(words[0] + " " + answer(cluster, words));
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static String answer(HazelcastCluster cluster, String[] words) {
        return switch (words[1]) {
            case "role" -> cluster.role().name();
            case "members" -> cluster.members().stream().map(n -> n.nodeId()).collect(Collectors.joining(","));
            case "read" -> cluster.read(words[2]).map(v -> v.generation() + " " + v.json()).orElse("none");
            case "write" -> {
                try {
                    Versioned v = cluster.write(words[2], Long.parseLong(words[3]), words[4]);
                    yield "ok " + v.generation();
                } catch (WriteRefusedException e) {
                    yield "refused " + e.getMessage();
                }
            }
            default -> "unknown command";
        };
    }
}
