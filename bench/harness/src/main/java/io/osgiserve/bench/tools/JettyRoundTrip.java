package io.osgiserve.bench.tools;

import java.net.URI;
import java.util.Arrays;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The cluster bench's baseline for one hop between nodes: a bare Jetty 12 HttpClient in this JVM posting to
 * a server in another JVM (RawJettyServer), one request at a time on a kept-alive connection, as the node's
 * client for calls between nodes does. Usage: {@code JettyRoundTrip URL SECONDS}; prints
 * {@code p50_ms p99_ms count} of the round trips after a warm-up of the same length.
 */
public final class JettyRoundTrip {
    private static final int MAX_SAMPLES = 2_000_000;

    private JettyRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        long seconds = Long.parseLong(args[1]);
        HttpClient client = new HttpClient();
        client.start();
        try {
            run(client, uri, seconds, null);
            long[] samples = new long[MAX_SAMPLES];
            int n = run(client, uri, seconds, samples);
            long[] taken = Arrays.copyOf(samples, n);
            Arrays.sort(taken);
            System.out.printf("%.3f %.3f %d%n", taken[n / 2] / 1e6, taken[(int) (n * 0.99)] / 1e6, n);
        } finally {
            client.stop();
        }
    }

    /** Round trips for {@code seconds} (bounded in count too), their nanoseconds into {@code samples} when given. */
    private static int run(HttpClient client, URI uri, long seconds, long[] samples) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int n = 0;
        while (System.nanoTime() < end && n < MAX_SAMPLES) {
            long start = System.nanoTime();
            ContentResponse r = client.newRequest(uri).method(HttpMethod.POST)
                    .body(new StringRequestContent("application/json", "{\"method\":\"call\",\"args\":[]}")).send();
            long took = System.nanoTime() - start;
            if (r.getStatus() != 200) {
                throw new IllegalStateException("the raw server answered " + r.getStatus());
            }
            if (samples != null) {
                samples[n] = took;
            }
            n++;
        }
        return n;
    }
}
