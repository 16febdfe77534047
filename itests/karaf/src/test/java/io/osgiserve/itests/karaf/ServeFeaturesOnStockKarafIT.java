package io.osgiserve.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Our features repository in a stock Apache Karaf, the way its README tells a Karaf user: after
 * {@code mvn install}, {@code feature:repo-add mvn:io.osgiserve/serve-features/VERSION/xml/features} and
 * {@code feature:install serve serve-examples} resolve from the local repository alone, then FruitStand is
 * deployed through the agent and through the serve:* shell commands. One Karaf boot for the whole class;
 * it runs in {@code mvn install}'s install phase, after the reactor installed every module.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServeFeaturesOnStockKarafIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Inject
    private FeaturesService featuresService;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private BundleContext bundleContext;

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

    /** Injected only once Karaf's boot features are installed. */
    @Inject
    private BootFinished bootFinished;

    @Configuration
    public Option[] config() throws IOException {
        String karafVersion = property("karaf.version");
        int[] ports = freePorts(5);
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf", karafVersion).type("tar.gz"))
                        .name("Apache Karaf")
                        .unpackDirectory(new File("target/exam")),
                configureConsole().ignoreLocalConsole(),
                keepRuntimeFolder(),
                logLevel(LogLevel.INFO),
                // stock Karaf boots ssh and management: move them off their well-known ports
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(ports[0])),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(ports[1])),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(ports[2])),
                // Karaf's own system repository (stock), then the local repository `mvn install` wrote, and no
                // remote one: whatever Karaf finds of ours, it found where a VM's `mvn install` puts it.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        property("serve.itest.localRepository")),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
                // the node's settings are system properties
                editConfigurationFilePut("etc/system.properties", "serve.agent.port", String.valueOf(ports[3])),
                editConfigurationFilePut("etc/system.properties", "serve.http.port", String.valueOf(ports[4])),
                editConfigurationFilePut("etc/system.properties", "serve.itest.config", property("serve.itest.config")),
                editConfigurationFilePut("etc/system.properties", "serve.version", property("serve.version")),
                mavenBundle("org.awaitility", "awaitility", property("awaitility.version")),
                mavenBundle("org.hamcrest", "hamcrest", property("hamcrest.version")),
                // Java 17: what Karaf's bin/karaf passes, as Karaf's own itests do
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"),
                vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                vmOption("--patch-module"),
                vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                vmOption("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"),
                vmOption("-classpath"),
                vmOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*" + File.pathSeparator + "lib/endorsed/*"));
    }

    @Test
    public void fruitStandDeployedThroughTheAgentAnswersSix() throws Exception {
        installServeFeatures();

        byte[] config = Files.readAllBytes(Path.of(System.getProperty("serve.itest.config")));
        HttpURLConnection withoutToken = open(agent("/api/serve/deployments/"), "PUT");
        withoutToken.setRequestProperty("Content-Type", "application/yaml");
        int refused = send(withoutToken, config);
        assertEquals(body(withoutToken), 401, refused);

        // the node made its token in Karaf's own data directory, readable by its user only
        Path tokenFile = Path.of(System.getProperty("karaf.data"), "agent.token");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tokenFile)));
        HttpURLConnection put = open(agent("/api/serve/deployments/"), "PUT");
        put.setRequestProperty("Content-Type", "application/yaml");
        put.setRequestProperty("Authorization", "Bearer " + Files.readString(tokenFile).trim());
        int status = send(put, config);
        assertEquals(body(put), 200, status);

        await().atMost(TIMEOUT).ignoreExceptions().until(() -> "6".equals(priceOf("[\"MANGO\", 2]")));
    }

    @Test
    public void serveShellCommandsDeployAndShowTheStatusWithoutBeingGivenTheToken() throws Exception {
        installServeFeatures();
        String address = agent("").toString();

        String deployed = execute("serve:deploy -a " + address + " " + System.getProperty("serve.itest.config"));
        assertTrue(deployed, deployed.contains("Sent deploy request successfully!"));

        await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> execute("serve:status -a " + address).contains("status: RUNNING"));
        String status = execute("serve:status -a " + address);
        for (String deployment : new String[] {"MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver"}) {
            assertTrue(status, status.contains("- name: " + deployment + "\n  status: HEALTHY"));
        }
        assertEquals("6", priceOf("[\"MANGO\", 2]"));
        // -n/--name as on the command line: the V1 application is "default", any other name is a one-line error
        String named = execute("serve:status -a " + address + " --name default");
        assertTrue(named, named.startsWith("app_status:") && named.contains("- name: MangoStand\n  status: HEALTHY"));
        assertTrue(execute("serve:config -a " + address + " -n default").contains("import_path: fruit:deployment_graph"));
        try {
            String unknown = execute("serve:status -a " + address + " -n nope");
            throw new AssertionError("serve:status -n nope printed " + unknown);
        } catch (Exception e) { // the action's UserError, as the console shows it
            assertEquals("Application 'nope' does not exist on this node (it runs: default).", e.getMessage());
        }
    }

    @Test
    public void theRestExampleRunsOnTheServeFeaturesJersey() throws Exception {
        installServeFeatures();
        RestProbe.fruitMarketAnswersThroughJersey(bundle("serve-example-fruit-rest"));
    }

    private org.osgi.framework.Bundle bundle(String symbolicName) {
        for (org.osgi.framework.Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " is installed");
    }

    @Test
    public void configPropertySetOfADeploymentsUserConfigIsADeployThatKeepsTheReplicas() throws Exception {
        installServeFeatures();
        String address = agent("").toString();
        String pid = "serve.deployment~default.MangoStand";
        byte[] config = Files.readAllBytes(Path.of(System.getProperty("serve.itest.config")));
        HttpURLConnection put = authorized(agent("/api/serve/deployments/"), "PUT");
        put.setRequestProperty("Content-Type", "application/yaml");
        int status = send(put, config);
        assertEquals(body(put), 200, status);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> "6".equals(priceOf("[\"MANGO\", 2]")));
        await().atMost(TIMEOUT).until(() -> "{\"price\":3}".equals(property(pid, "user_config")));
        Map<String, Integer> before = mangoReplicaVersions();
        try {
            execute("config:property-set -p " + pid + " user_config '{\"price\": 5}'");
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> "10".equals(priceOf("[\"MANGO\", 2]")));
            await().atMost(TIMEOUT).until(() -> execute("serve:status -a " + address).contains("status: RUNNING"));
            Map<String, Integer> after = mangoReplicaVersions();
            assertEquals("the same MangoStand replicas", before.keySet(), after.keySet());
            before.forEach((id, version) -> assertEquals("one reconfigure of " + id, version + 1, (int) after.get(id)));
            String shown = execute("serve:config -a " + address);
            assertTrue(shown, shown.contains("price: 5"));

            execute("config:property-set -p " + pid + " user_config '{\"price\": '");
            await().atMost(TIMEOUT).until(() -> body(authorized(agent("/api/serve/deployments/status"), "GET"))
                    .contains("refused and reverted"));
            await().atMost(TIMEOUT).until(() -> "{\"price\":5}".equals(property(pid, "user_config")));
            assertEquals("10", priceOf("[\"MANGO\", 2]"));

            // the node restarts from its goal, which holds the edit
            Bundle runtime = Arrays.stream(bundleContext.getBundles())
                    .filter(b -> "serve-runtime".equals(b.getSymbolicName())).findFirst().orElseThrow();
            runtime.stop();
            runtime.start();
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> "10".equals(priceOf("[\"MANGO\", 2]")));
        } finally {
            // leave the price the other tests expect
            HttpURLConnection back = authorized(agent("/api/serve/deployments/"), "PUT");
            back.setRequestProperty("Content-Type", "application/yaml");
            int restored = send(back, config);
            assertEquals(body(back), 200, restored);
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> "6".equals(priceOf("[\"MANGO\", 2]")));
        }
    }

    private Object property(String pid, String key) throws Exception {
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? null : found[0].getProperties().get(key);
    }

    /** MangoStand's replicas in GET /api/serve/applications/, with the user_config version each applied. */
    private static Map<String, Integer> mangoReplicaVersions() throws IOException {
        HttpURLConnection get = authorized(agent("/api/serve/applications/"), "GET");
        String json = body(get);
        Map<String, Integer> versions = new TreeMap<>();
        Matcher m = Pattern.compile("\"replica_id\"\\s*:\\s*\"(MangoStand#[^\"]+)\"[^}]*?\"version\"\\s*:\\s*(-?\\d+)")
                .matcher(json);
        while (m.find()) {
            versions.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertFalse(json, versions.isEmpty());
        return versions;
    }

    /** The README's steps for a Karaf user, through the shell; a no-op once done by an earlier test. */
    @Test
    public void metricsRunAsBundlesInKarafWithTheJvmsMetricsBeside() throws Exception {
        installServeFeatures();
        org.osgi.framework.BundleContext context =
                org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext();
        org.osgi.util.tracker.ServiceTracker<io.osgiserve.metrics.ServeMetrics, io.osgiserve.metrics.ServeMetrics> tracker =
                new org.osgi.util.tracker.ServiceTracker<>(context, io.osgiserve.metrics.ServeMetrics.class, null);
        tracker.open();
        try {
            io.osgiserve.metrics.ServeMetrics metrics = tracker.waitForService(TIMEOUT.toMillis());
            assertTrue("no ServeMetrics service", metrics != null);
            metrics.requestServed("fruit", "/", "POST", 200, 1_000_000);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            metrics.writeTo(out);
            String scrape = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(scrape, scrape.contains(
                    "ray_serve_num_http_requests_total{application=\"fruit\",method=\"POST\",route=\"/\",status_code=\"200\"} 1"));
            assertTrue(scrape, scrape.contains("jvm_memory_used_bytes{"));
        } finally {
            tracker.close();
        }
    }

    private void installServeFeatures() throws Exception {
        Feature examples = featuresService.getFeature("serve-examples");
        if (examples != null && featuresService.isInstalled(examples)) {
            return;
        }
        String version = System.getProperty("serve.version");
        String added = execute("feature:repo-add mvn:io.osgiserve/serve-features/" + version + "/xml/features");
        assertTrue(added, added.contains("Adding feature url mvn:io.osgiserve/serve-features/" + version + "/xml/features"));
        execute("feature:install serve");
        execute("feature:install serve-examples");
        assertTrue(featuresService.isInstalled(featuresService.getFeature("serve")));
        assertTrue(featuresService.isInstalled(featuresService.getFeature("serve-examples")));
    }

    /**
     * Runs one command in a Karaf shell session as user karaf with the roles of admingroup (Karaf's command ACLs
     * keep feature:install from anyone less) and returns what it printed and returned.
     */
    private String execute(String command) throws Exception {
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("karaf"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        // the roles of Karaf's admingroup: config:* commands ask for manager
        admin.getPrincipals().add(new RolePrincipal("manager"));
        admin.getPrincipals().add(new RolePrincipal("viewer"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            Session session = sessionFactory.create(InputStream.nullInputStream(), printer, printer);
            try {
                Object result = Subject.doAs(admin, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
                if (result != null) {
                    printer.println(result);
                }
            } catch (PrivilegedActionException e) {
                throw e.getException();
            } finally {
                session.close();
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The ingress's answer to a POST to /, or the status and body when it is not a 200. */
    private static String priceOf(String body) throws IOException {
        HttpURLConnection post = open(new URL("http://127.0.0.1:" + System.getProperty("serve.http.port") + "/"), "POST");
        int status = send(post, body.getBytes(StandardCharsets.UTF_8));
        String answer = body(post).trim();
        return status == 200 ? answer : "HTTP " + status + ": " + answer;
    }

    private static URL agent(String path) throws IOException {
        return new URL("http://127.0.0.1:" + System.getProperty("serve.agent.port") + path);
    }

    private static HttpURLConnection open(URL url, String method) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        return connection;
    }

    /** A call with the token the node keeps in Karaf's data directory. */
    private static HttpURLConnection authorized(URL url, String method) throws IOException {
        HttpURLConnection connection = open(url, method);
        Path tokenFile = Path.of(System.getProperty("karaf.data"), "agent.token");
        connection.setRequestProperty("Authorization", "Bearer " + Files.readString(tokenFile).trim());
        return connection;
    }

    private static int send(HttpURLConnection connection, byte[] body) throws IOException {
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        return connection.getResponseCode();
    }

    private static String body(HttpURLConnection connection) throws IOException {
        InputStream in = connection.getResponseCode() < 400 ? connection.getInputStream() : connection.getErrorStream();
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run through failsafe: mvn verify)");
        }
        return value;
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
