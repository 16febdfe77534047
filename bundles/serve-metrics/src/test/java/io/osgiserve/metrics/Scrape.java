package io.osgiserve.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A scrape of the text format, as samples keyed {@code name{label="value",...}} with labels sorted by name. */
final class Scrape {

    final String text;
    final Map<String, Double> samples = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            samples.put(canonical(series), Double.parseDouble(line.substring(space + 1)));
        }
    }

    static Scrape of(ServeMetrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        return new Scrape(out.toString(StandardCharsets.UTF_8));
    }

    /** The value of a series, or null when the scrape does not have it. */
    Double value(String name, String... labelPairs) {
        return samples.get(key(name, labelPairs));
    }

    /** Whether any series of that metric name is there. */
    boolean has(String name) {
        return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }

    /** Builds a key from a name and label pairs ("route", "/", "method", "GET", ...). */
    static String key(String name, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return render(name, labels);
    }

    private static String canonical(String series) {
        int brace = series.indexOf('{');
        if (brace < 0) {
            return series;
        }
        Map<String, String> labels = new TreeMap<>();
        String body = series.substring(brace + 1, series.lastIndexOf('}'));
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            String label = body.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (body.charAt(j) != '"') {
                if (body.charAt(j) == '\\') {
                    j++;
                }
                value.append(body.charAt(j++));
            }
            labels.put(label, value.toString());
            i = j + 1;
            if (i < body.length() && body.charAt(i) == ',') {
                i++;
            }
        }
        return render(series.substring(0, brace), labels);
    }

    private static String render(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        key.setLength(key.length() - 1);
        return key.append('}').toString();
    }
}
