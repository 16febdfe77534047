package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * runtime_env in each form the node takes: the FruitStand code comes from a directory of jars, a zip
 * of jars, a plain jar, an http: URI or an mvn: URI, is installed as bundles at serve: locations,
 * serves the graph, and is uninstalled on shutdown. A URI the node cannot fetch fails the deploy
 * naming the URI, and new code wired to a package of the previous code's bundle is refused, while the
 * previous version keeps answering.
 */
class RuntimeEnvCodeTest extends NodeTestSupport {
    private static final String TWO_MANGOS = "[\"MANGO\", 2]";
    /** A plain jar declares no module alias: its application is found by class name. */
    private static final String FRUIT_CLASS_IMPORT_PATH = "io.osgiserve.examples.fruit.FruitStand:deployment_graph";
    private static final String FRUIT_PACKAGE = "io.osgiserve.examples.fruit";
    private static final String FRUIT_IN_MAVEN =
            "io/osgiserve/serve-example-fruit/0.1.0-SNAPSHOT/serve-example-fruit-0.1.0-SNAPSHOT.jar";

    /** This test's own files, in the tester bundle's data area. */
    private Path work;

    @BeforeEach
    void workDirectory() {
        work = context.getDataFile("runtime-env-" + System.nanoTime()).toPath();
    }

    @Test
    void workingDirDirectoryOfJarsInstallsEveryJarInItAndServesTheGraph() throws Exception {
        Path dir = work.resolve("app");
        CodeJars.copyOf(fruitBundle(), dir.resolve("fruit.jar"), "directory");
        CodeJars.unrelatedPlainJar(dir.resolve("unrelated.jar"));
        Files.writeString(dir.resolve("README.txt"), "not a jar: the node leaves it alone");

        List<Bundle> code = deployFruit(Map.of("working_dir", dir.toUri().toString()), null);

        assertEquals(6, price(TWO_MANGOS));
        assertEquals(2, code.size(), () -> "bundles installed for a directory of two jars: " + describe(code));
        assertAtServeLocations(code);
        assertEquals(1, code.stream().filter(b -> "serve-example-fruit".equals(b.getSymbolicName())).count(),
                () -> "the fruit bundle among " + describe(code));
        assertEquals(1, code.stream().filter(b -> b.getSymbolicName().startsWith("serve.wrapped.")).count(),
                () -> "the unrelated plain jar, wrapped, among " + describe(code));
        assertShutdownUninstalls(code);
    }

    @Test
    void workingDirZipOfJarsInstallsTheJarsItHoldsAndServesTheGraph() throws Exception {
        Path fruitJar = CodeJars.copyOf(fruitBundle(), work.resolve("jars").resolve("fruit.jar"), "zip");
        Path zip = CodeJars.zipOf(work.resolve("app.zip"), Map.of("fruit.jar", fruitJar));

        List<Bundle> code = deployFruit(Map.of("working_dir", zip.toUri().toString()), null);

        assertEquals(6, price(TWO_MANGOS));
        assertEquals(1, code.size(), () -> "bundles installed for a zip of one jar: " + describe(code));
        assertAtServeLocations(code);
        assertEquals("serve-example-fruit", code.get(0).getSymbolicName(), "the bundle installed from the zip");
        assertShutdownUninstalls(code);
    }

    @Test
    void plainJarWithoutOsgiHeadersIsWrappedAndServesTheGraphFoundByClassName() throws Exception {
        Path jar = CodeJars.plainCopyOf(fruitBundle(), work.resolve("fruit-plain.jar"), "plain");
        try (JarFile plain = new JarFile(jar.toFile())) {
            assertNull(plain.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"),
                    "the plain jar must have no Bundle-SymbolicName");
        }

        List<Bundle> code = deployFruit(Map.of("working_dir", jar.toUri().toString()), FRUIT_CLASS_IMPORT_PATH);

        assertEquals(6, price(TWO_MANGOS));
        assertEquals(1, code.size(), () -> "bundles installed for one plain jar: " + describe(code));
        assertAtServeLocations(code);
        Bundle wrapped = code.get(0);
        assertTrue(wrapped.getSymbolicName().startsWith("serve.wrapped."),
                () -> "the plain jar's bundle symbolic name: " + wrapped.getSymbolicName());
        // the graph runs the wrapped jar's own classes, which reached the API through the wrapper's imports
        BundleWiring wiring = wrapped.adapt(BundleWiring.class);
        assertNotNull(wiring, () -> "the wrapped bundle is not resolved: " + wrapped);
        assertTrue(wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                        .anyMatch(w -> "io.osgiserve.api".equals(
                                w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))),
                () -> "the wrapped bundle is not wired to io.osgiserve.api: "
                        + wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE));
        assertShutdownUninstalls(code);
    }

    @Test
    void bundlesHttpUriIsDownloadedInstalledAndServesTheGraph() throws Exception {
        Path served = work.resolve("served");
        CodeJars.copyOf(fruitBundle(), served.resolve("fruit.jar"), "http-bundles");
        try (JarServer server = JarServer.serving(served)) {
            List<Bundle> code = deployFruit(Map.of("bundles", List.of(server.uri("fruit.jar"))), null);

            assertTrue(server.requested().contains("/code/fruit.jar"), () -> "requests: " + server.requested());
            assertEquals(6, price(TWO_MANGOS));
            assertEquals(1, code.size(), () -> "bundles installed for one http: URI: " + describe(code));
            assertAtServeLocations(code);
            assertEquals("serve-example-fruit", code.get(0).getSymbolicName());
            assertShutdownUninstalls(code);
        }
    }

    @Test
    void pyModulesIsAnAliasOfBundlesForAnHttpUri() throws Exception {
        Path served = work.resolve("served");
        CodeJars.copyOf(fruitBundle(), served.resolve("fruit.jar"), "http-py-modules");
        try (JarServer server = JarServer.serving(served)) {
            List<Bundle> code = deployFruit(Map.of("py_modules", List.of(server.uri("fruit.jar"))), null);

            assertTrue(server.requested().contains("/code/fruit.jar"), () -> "requests: " + server.requested());
            assertEquals(6, price(TWO_MANGOS));
            assertEquals(1, code.size(), () -> "bundles installed for one py_modules URI: " + describe(code));
            assertAtServeLocations(code);
            assertEquals("serve-example-fruit", code.get(0).getSymbolicName());
            assertShutdownUninstalls(code);
        }
    }

    @Test
    void mvnUriIsResolvedFromTheNodesMavenRepository() throws Exception {
        CodeJars.copyOf(fruitBundle(), mavenRepository().resolve(FRUIT_IN_MAVEN), "mvn");

        List<Bundle> code = deployFruit(
                Map.of("working_dir", "mvn:io.osgiserve/serve-example-fruit/0.1.0-SNAPSHOT"), null);

        assertEquals(6, price(TWO_MANGOS));
        assertEquals(1, code.size(), () -> "bundles installed for one mvn: URI: " + describe(code));
        assertAtServeLocations(code);
        assertEquals("serve-example-fruit", code.get(0).getSymbolicName());
        assertShutdownUninstalls(code);
    }

    @Test
    void missingFileUriFailsTheDeployNamingItWhileThePreviousVersionKeepsAnswering() throws Exception {
        Path v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit-v1.jar"), "missing-file-v1");
        List<Bundle> running = deployFruit(Map.of("working_dir", v1.toUri().toString()), null);
        String missing = work.resolve("no-such-fruit.jar").toUri().toString();

        deploy(fruitApp(Map.of("working_dir", missing), null));

        assertDeployFailedNaming(missing);
        assertEquals(6, price(TWO_MANGOS), "the previous version answers after the failed deploy");
        assertNotNull(context.getBundle(running.get(0).getBundleId()), "the previous version's code stays installed");
    }

    @Test
    void mvnUriMissingFromTheRepositoryFailsTheDeployNamingItWhileThePreviousVersionKeepsAnswering()
            throws Exception {
        Path v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit-v1.jar"), "missing-mvn-v1");
        List<Bundle> running = deployFruit(Map.of("working_dir", v1.toUri().toString()), null);
        String missing = "mvn:io.osgiserve/serve-example-fruit/0.0.1-not-installed";
        assertFalse(Files.exists(mavenRepository().resolve(
                        "io/osgiserve/serve-example-fruit/0.0.1-not-installed")),
                "the test's repository must not hold " + missing);

        deploy(fruitApp(Map.of("working_dir", missing), null));

        assertDeployFailedNaming(missing);
        assertEquals(6, price(TWO_MANGOS), "the previous version answers after the failed deploy");
        assertNotNull(context.getBundle(running.get(0).getBundleId()), "the previous version's code stays installed");
    }

    @Test
    void deviceFileFailsTheDeployAtOnceNamingWhyWhileThePreviousVersionKeepsAnswering() throws Exception {
        Path v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit-v1.jar"), "device-v1");
        List<Bundle> running = deployFruit(Map.of("working_dir", v1.toUri().toString()), null);

        deploy(fruitApp(Map.of("working_dir", "file:///dev/zero"), null));

        assertDeployFailedNaming("file:///dev/zero");
        assertTrue(appMessage().contains("is not a regular file"), () -> "the message should say why: " + appMessage());
        assertEquals(6, price(TWO_MANGOS), "the previous version answers after the failed deploy");
        assertEquals(Bundle.ACTIVE, context.getBundle(running.get(0).getBundleId()).getState(),
                "the previous version's code stays active");
    }

    @Test
    void aFifoFailsTheDeployAtOnceNamingWhyWhileThePreviousVersionKeepsAnswering() throws Exception {
        Path v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit-v1.jar"), "fifo-v1");
        deployFruit(Map.of("working_dir", v1.toUri().toString()), null);
        Path fifo = work.resolve("fifo.jar");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor(), "mkfifo");

        deploy(fruitApp(Map.of("working_dir", fifo.toUri().toString()), null));

        assertDeployFailedNaming(fifo.toUri().toString());
        assertTrue(appMessage().contains("is not a regular file"), () -> "the message should say why: " + appMessage());
        assertEquals(6, price(TWO_MANGOS), "the previous version answers after the failed deploy");
    }

    @Test
    void mvnCoordinatesThatWouldLeaveTheRepositoryFailTheDeployWithAReason() throws Exception {
        Path v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit-v1.jar"), "escape-v1");
        deployFruit(Map.of("working_dir", v1.toUri().toString()), null);

        deploy(fruitApp(Map.of("working_dir", "mvn:.tmp/x/1"), null));

        assertDeployFailedNaming("mvn:.tmp/x/1");
        assertTrue(appMessage().contains("it would name a path outside the repository"),
                () -> "the message should give the reason: " + appMessage());
        assertEquals(6, price(TWO_MANGOS), "the previous version answers after the failed deploy");
    }

    @Test
    void aOneTebibyteSparseFileFailsTheDeployNamingTheSizeLimitWhileThePreviousVersionKeepsAnswering()
            throws Exception {
        Path v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit-v1.jar"), "sparse-v1");
        deployFruit(Map.of("working_dir", v1.toUri().toString()), null);
        Path huge = work.resolve("huge.jar");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(1L << 40);
        }

        deploy(fruitApp(Map.of("working_dir", huge.toUri().toString()), null));

        assertDeployFailedNaming(huge.toUri().toString());
        assertTrue(appMessage().contains("size limit of 256 MiB (serve.code.max_artifact_size)"),
                () -> "the message should name the size limit: " + appMessage());
        assertEquals(6, price(TWO_MANGOS), "the previous version answers after the failed deploy");
    }

    @Test
    void aServerStreamingWithoutEndFailsTheDeployNamingTheSizeLimitWhileThePreviousVersionAnswersThroughout()
            throws Exception {
        Path v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit-v1.jar"), "endless-v1");
        deployFruit(Map.of("working_dir", v1.toUri().toString()), null);
        HttpServer endless = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endless.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, 0);
                byte[] zeros = new byte[64 * 1024];
                while (true) {
                    exchange.getResponseBody().write(zeros);
                }
            } catch (IOException e) {
                // the node hung up
            }
        });
        endless.start();
        String uri = "http://127.0.0.1:" + endless.getAddress().getPort() + "/zero.jar";
        try {
            deploy(fruitApp(Map.of("working_dir", uri), null));

            await("app DEPLOY_FAILED, the previous version answering meanwhile").atMost(DEPLOY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        assertEquals(6, price(TWO_MANGOS), "the previous version answers while the download runs");
                        return "DEPLOY_FAILED".equals(appStatus());
                    });
            assertDeployFailedNaming(uri);
            assertTrue(appMessage().contains("size limit of 256 MiB (serve.code.max_artifact_size)"),
                    () -> "the message should name the size limit: " + appMessage());
        } finally {
            endless.stop(0);
        }
    }

    @Test
    void theSameFileUriWithNewBytesIsNewCodeInstalledInPlaceOfTheOld() throws Exception {
        Bundle fruit = fruitBundle(); // the example's own bundle: after the deploy, a copy has its name too
        Path jar = work.resolve("fruit.jar");
        CodeJars.copyOf(fruit, jar, "same-uri-v1");
        Map<String, Object> env = Map.of("working_dir", jar.toUri().toString());
        List<Bundle> v1 = deployFruit(env, null);
        assertEquals(1, v1.size(), () -> "bundles installed for v1: " + describe(v1));

        CodeJars.copyOf(fruit, jar, "same-uri-v2");
        Set<Long> before = bundleIds();
        deploy(fruitApp(env, null));

        await("new code installed for the same URI").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertEquals(1, installedSince(before).size(), () -> describe(installedSince(before))));
        Bundle v2 = installedSince(before).get(0);
        assertTrue(v2.getLocation().startsWith("serve:"), v2::getLocation);
        assertFalse(v2.getLocation().equals(v1.get(0).getLocation()), "the new code has a location of its own");
        awaitRunning();
        await("the old code uninstalled").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertNull(context.getBundle(v1.get(0).getBundleId())));
        assertEquals(6, price(TWO_MANGOS));
    }

    @Test
    void newCodeImportingItsExportedPackageFromThePreviousCodesBundleFailsTheDeployWhileThePreviousVersionKeepsAnswering()
            throws Exception {
        // as bnd builds a bundle that exports a package without -noimport:=true: it imports it too
        Path v1 = selfImportingFruitCopy(work.resolve("fruit-v1.jar"), "self-import-v1");
        Path v2 = selfImportingFruitCopy(work.resolve("fruit-v2.jar"), "self-import-v2");
        List<Bundle> running = deployFruit(Map.of("working_dir", v1.toUri().toString()), null);
        assertEquals(6, price(TWO_MANGOS));
        assertEquals(1, running.size(), () -> "bundles installed for working_dir v1: " + describe(running));
        Bundle old = running.get(0);

        List<Bundle> newCode = new CopyOnWriteArrayList<>();
        BundleListener recorder = e -> {
            if (e.getType() == BundleEvent.INSTALLED && e.getBundle().getLocation().startsWith("serve:")) {
                newCode.add(e.getBundle());
            }
        };
        context.addBundleListener(recorder);
        try {
            deploy(fruitApp(Map.of("working_dir", v2.toUri().toString()), null));
            await("app DEPLOY_FAILED").atMost(DEPLOY_TIMEOUT)
                    .untilAsserted(() -> assertEquals("DEPLOY_FAILED", appStatus(), () -> "status: " + node().status()));
        } finally {
            context.removeBundleListener(recorder);
        }

        String message = appMessage();
        assertTrue(message.contains("was wired to the previous code's bundle"),
                () -> "the message should say the new code was wired to the previous code: " + message);
        assertTrue(message.contains(FRUIT_PACKAGE), () -> "the message should name " + FRUIT_PACKAGE + ": " + message);
        assertFalse(message.contains("\n"), () -> "the message should be one line: " + message);
        assertEquals(6, price(TWO_MANGOS), "the previous version answers after the refused deploy");
        assertEquals(Bundle.ACTIVE, context.getBundle(old.getBundleId()).getState(),
                "the previous version's code bundle stays active");
        assertEquals(1, newCode.size(), () -> "bundles installed for working_dir v2: " + describe(newCode));
        assertNull(context.getBundle(newCode.get(0).getBundleId()),
                () -> "the refused v2 code bundle is still installed: " + newCode.get(0).getLocation());
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The fruit bundle exporting its package at 1.0.0 and importing it again, as bnd makes it when
     * Export-Package has no -noimport:=true.
     */
    private Path selfImportingFruitCopy(Path jar, String marker) throws Exception {
        return CodeJars.copyOf(fruitBundle(), jar, marker, headers -> {
            String imports = headers.getValue("Import-Package");
            assertNotNull(imports, "the fruit bundle has no Import-Package header");
            headers.putValue("Export-Package", FRUIT_PACKAGE + ";version=\"1.0.0\"");
            headers.putValue("Import-Package", FRUIT_PACKAGE + ";version=\"[1.0,2)\"," + imports);
        });
    }

    private Bundle fruitBundle() {
        Bundle fruit = Bundles.bySymbolicName(context, "serve-example-fruit");
        assertNotNull(fruit, "serve-example-fruit is not installed");
        return fruit;
    }

    /** The node's serve.maven.repository (test.bndrun puts it under target/), where mvn: URIs resolve from. */
    private Path mavenRepository() {
        String repository = context.getProperty("serve.maven.repository");
        assertNotNull(repository, "the framework property serve.maven.repository is not set (test.bndrun)");
        return Path.of(repository);
    }

    private static Map<String, Object> fruitApp(Map<String, Object> runtimeEnv, String importPath) {
        Map<String, Object> app = Configs.fruitWithoutShutdownWait();
        app.put("runtime_env", runtimeEnv);
        if (importPath != null) {
            app.put("import_path", importPath);
        }
        return app;
    }

    /** Deploys the fruit config with this runtime_env, waits for RUNNING and returns the bundles it installed. */
    private List<Bundle> deployFruit(Map<String, Object> runtimeEnv, String importPath) throws Exception {
        Set<Long> before = bundleIds();
        deploy(fruitApp(runtimeEnv, importPath));
        awaitRunning();
        return installedSince(before);
    }

    private static void assertAtServeLocations(List<Bundle> code) {
        code.forEach(b -> assertTrue(b.getLocation().startsWith("serve:"),
                () -> "installed by the node but not at a serve: location: " + b.getLocation()));
    }

    private void assertShutdownUninstalls(List<Bundle> code) {
        node().shutdown();

        await("the code bundles uninstalled after shutdown").atMost(DEPLOY_TIMEOUT).untilAsserted(() -> {
            for (Bundle b : code) {
                assertNull(context.getBundle(b.getBundleId()), () -> "still installed: " + b.getLocation());
            }
        });
    }

    private void assertDeployFailedNaming(String uri) {
        await("app DEPLOY_FAILED").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertEquals("DEPLOY_FAILED", appStatus(), () -> "status: " + node().status()));
        String message = appMessage();
        assertTrue(message.contains(uri), () -> "the message should name " + uri + ": " + message);
        assertFalse(message.contains("\n"), () -> "the message should be one line: " + message);
    }

    private static String describe(List<Bundle> bundles) {
        return bundles.stream().map(b -> b.getSymbolicName() + " @ " + b.getLocation()).toList().toString();
    }
}
