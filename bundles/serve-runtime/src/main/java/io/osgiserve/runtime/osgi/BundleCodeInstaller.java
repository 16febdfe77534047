package io.osgiserve.runtime.osgi;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.config.ImportPath;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.config.RuntimeEnv;
import io.osgiserve.runtime.code.Caller;
import io.osgiserve.runtime.code.CodeCache;
import io.osgiserve.runtime.code.CodeException;
import io.osgiserve.runtime.code.CodeFetcher;
import io.osgiserve.runtime.code.CodeJar;
import io.osgiserve.runtime.code.FetchLimits;
import io.osgiserve.runtime.code.PaxMavenArtifacts;
import io.osgiserve.runtime.code.PlainJars;
import io.osgiserve.runtime.controller.CodeInstaller;
import io.osgiserve.runtime.controller.DeployFailure;
import io.osgiserve.runtime.controller.InstalledCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs the code a runtime_env names: {@code file:}, {@code http(s):} and {@code mvn:} URIs of a
 * bundle jar, a zip of jars or a directory of jars, fetched within the node's limits ({@link CodeFetcher}).
 * A plain jar without OSGi headers is wrapped (it imports what it needs dynamically). The same bytes are
 * installed once; new code goes in beside the old (our collision hook allows the same symbolic name and
 * version twice), the old is uninstalled by the controller once no deployment runs it.
 */
final class BundleCodeInstaller implements CodeInstaller {
    static final String LOCATION_PREFIX = "serve:";

    private final BundleContext context;
    private final CodeFetcher fetcher;
    private final Map<String, BundleCode> byIdentity = new ConcurrentHashMap<>();
    private final Map<Map<String, Object>, BundleCode> byEnv = new ConcurrentHashMap<>();
    private final InstalledBundles installed;

    /** @param peers whom code-by-digest calls to other nodes trust (sources: the JVM's default trust only) */
    BundleCodeInstaller(BundleContext context, NodeSettings settings, Path dataDir, javax.net.ssl.SSLContext peers) {
        this.context = context;
        FetchLimits limits = FetchLimits.from(settings);
        String cacheDir = settings.text(NodeSettings.CODE_CACHE_DIR);
        this.fetcher = new CodeFetcher(limits,
                new CodeCache(cacheDir.isEmpty() ? dataDir.resolve("code-cache") : Path.of(cacheDir), limits.cacheMaxBytes()),
                PaxMavenArtifacts.from(settings, context::getProperty), CodeFetcher.jvmTrust(), peers);
        this.installed = new InstalledBundles();
        // code of an earlier run of the node: the stored goal, re-applied at start, installs what it needs
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(LOCATION_PREFIX)) {
                quietlyUninstall(b);
            }
        }
    }

    /**
     * Fetches what {@code env} names (every time: a source whose bytes changed is new code) and installs
     * it unless the same bytes are installed already.
     */
    /** The node's code fetcher: its cache serves code by digest, and the cluster tells it where digests are. */
    public CodeFetcher fetcher() {
        return fetcher;
    }

    @Override
    public InstalledCode install(RuntimeEnv env, Caller caller) throws DeployFailure {
        if (env.workingDir().isEmpty() && env.bundles().isEmpty()) {
            return installed;
        }
        List<String> uris = new ArrayList<>();
        env.workingDir().ifPresent(uris::add);
        uris.addAll(env.bundles());
        try (CodeCache.Lease lease = fetcher.cache().lease()) {
            List<CodeJar> jars = new ArrayList<>();
            try {
                for (String uri : uris) {
                    jars.addAll(fetcher.fetch(uri, caller, lease));
                }
            } catch (CodeException e) {
                BundleCode same = byEnv.get(env.written());
                if (same != null && e.sourceUnavailable()) {
                    // the source went away after it was installed: keep running what it gave us
                    return same;
                }
                throw new DeployFailure(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployFailure("runtime_env: fetching " + uris + " was cancelled");
            }
            MessageDigest all = sha256();
            for (CodeJar jar : jars) {
                all.update(HexFormat.of().parseHex(jar.digest()));
            }
            String identity = HexFormat.of().formatHex(all.digest());
            BundleCode known = byIdentity.get(identity);
            if (known != null) {
                byEnv.put(env.written(), known);
                return known;
            }
            BundleCode code = installBundles(identity, jars, uris, lease);
            byIdentity.put(identity, code);
            byEnv.put(env.written(), code);
            return code;
        }
    }

    private BundleCode installBundles(String identity, List<CodeJar> jars, List<String> uris, CodeCache.Lease lease)
            throws DeployFailure {
        List<CodeJar> toInstall = new ArrayList<>();
        List<CodeJar> plain = new ArrayList<>();
        for (CodeJar jar : jars) {
            (jar.isBundle() ? toInstall : plain).add(jar);
        }
        List<Bundle> bundles = new ArrayList<>();
        try {
            if (!plain.isEmpty()) {
                toInstall.add(PlainJars.bundle(identity, plain, fetcher.cache(), lease));
            }
            for (int i = 0; i < toInstall.size(); i++) {
                CodeJar jar = toInstall.get(i);
                String location = LOCATION_PREFIX + identity.substring(0, 16) + "/" + i + "/" + jar.name();
                Bundle existing = context.getBundle(location);
                if (existing != null) {
                    bundles.add(existing);
                } else {
                    try (InputStream in = jar.open()) {
                        bundles.add(context.installBundle(location, in));
                    }
                }
            }
            for (Bundle b : bundles) {
                if (b.getHeaders("").get("Fragment-Host") == null) {
                    b.start();
                }
            }
            requireOwnPackages(bundles);
        } catch (BundleException | IOException e) {
            bundles.forEach(BundleCodeInstaller::quietlyUninstall);
            throw new DeployFailure("runtime_env: cannot install the code of " + uris + ": " + e.getMessage());
        }
        return new BundleCode(identity, bundles);
    }

    /**
     * New code must not run classes of old code: a package one of its bundles exports (and, as bnd does
     * by default, also imports) must not be wired to another version's bundle installed beside it.
     */
    private static void requireOwnPackages(List<Bundle> bundles) throws BundleException {
        for (Bundle b : bundles) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                Bundle provider = wire.getProvider().getBundle();
                if (provider.getLocation().startsWith(LOCATION_PREFIX) && !bundles.contains(provider)) {
                    throw new BundleException("package " + wire.getCapability().getAttributes()
                            .get(PackageNamespace.PACKAGE_NAMESPACE) + " of " + b.getSymbolicName()
                            + " was wired to the previous code's bundle; do not import the packages you export"
                            + " (bnd: -noimport:=true on Export-Package), or shut the application down first");
                }
            }
        }
    }

    @Override
    public void uninstall(InstalledCode code) {
        if (code instanceof BundleCode bc) {
            byIdentity.remove(bc.identity);
            byEnv.values().removeIf(c -> c == bc);
            bc.bundles.forEach(BundleCodeInstaller::quietlyUninstall);
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null);
        }
    }

    private static void quietlyUninstall(Bundle b) {
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // already uninstalled
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ loading

    /** Finds the module's class: a Serve-Module alias first, else a class name, in {@code candidates}. */
    private static ApplicationGraph load(ImportPath path, Map<String, Object> args, List<Bundle> candidates, String where,
            boolean byLoading) throws DeployFailure {
        String className = path.module();
        for (Bundle b : candidates) {
            String aliased = ApplicationGraph.moduleAliases(b.getHeaders("").get(ApplicationGraph.MODULE_HEADER))
                    .get(path.module());
            if (aliased != null) {
                return loadFrom(b, aliased, path, args);
            }
        }
        String resource = className.replace('.', '/') + ".class";
        for (Bundle b : candidates) {
            // code bundles may keep classes in embedded jars (Bundle-ClassPath): ask their class loader
            if (byLoading ? b.getResource(resource) != null : b.getEntry(resource) != null) {
                return loadFrom(b, className, path, args);
            }
        }
        throw new DeployFailure("import_path: no module '" + path.module() + "' in " + where
                + ": no bundle declares it in its " + ApplicationGraph.MODULE_HEADER
                + " header and no bundle holds a class of that name");
    }

    private static ApplicationGraph loadFrom(Bundle b, String className, ImportPath path, Map<String, Object> args)
            throws DeployFailure {
        Class<?> type;
        try {
            type = b.loadClass(className);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new DeployFailure("import_path: bundle " + b.getSymbolicName() + " cannot load " + className + ": "
                    + e.getMessage());
        } catch (ExceptionInInitializerError e) {
            throw new DeployFailure("import_path: " + className + " failed to initialize: "
                    + DeployFailure.describe(e.getCause()));
        }
        try {
            return ApplicationGraph.load(type, path.attribute(), args);
        } catch (IllegalArgumentException e) {
            throw new DeployFailure(e.getMessage().startsWith("import_path") ? e.getMessage()
                    : "import_path: " + e.getMessage());
        } catch (ExceptionInInitializerError e) {
            throw new DeployFailure("import_path: " + className + " failed to initialize: "
                    + DeployFailure.describe(e.getCause()));
        }
    }

    /** Code that runtime_env installed: its bundles only. */
    private static final class BundleCode implements InstalledCode {
        private final String identity;
        private final List<Bundle> bundles;

        BundleCode(String identity, List<Bundle> bundles) {
            this.identity = identity;
            this.bundles = List.copyOf(bundles);
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public ApplicationGraph load(ImportPath path) throws DeployFailure {
            return load(path, Map.of());
        }

        @Override
        public ApplicationGraph load(ImportPath path, Map<String, Object> args) throws DeployFailure {
            return BundleCodeInstaller.load(path, args, bundles, "the bundles of runtime_env", true);
        }
    }

    /** An empty runtime_env: the code is whatever is installed already (bundles we installed ourselves last). */
    private final class InstalledBundles implements InstalledCode {
        private volatile String identity = "installed";
        /** The bundle the application was last loaded from (null: none yet). */
        private volatile Bundle source;

        @Override
        public String identity() {
            return identity;
        }

        /** The bundle the application came from is still installed and was not updated since. */
        @Override
        public boolean unchangedSince(String loadedIdentity) {
            Bundle b = source;
            return b != null && b.getState() != Bundle.UNINSTALLED && identityOf(b).equals(loadedIdentity);
        }

        private static String identityOf(Bundle b) {
            return "installed:" + b.getBundleId() + "@" + b.getLastModified();
        }

        @Override
        public ApplicationGraph load(ImportPath path) throws DeployFailure {
            return load(path, Map.of());
        }

        @Override
        public ApplicationGraph load(ImportPath path, Map<String, Object> args) throws DeployFailure {
            List<Bundle> own = new ArrayList<>();
            List<Bundle> ours = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getState() == Bundle.UNINSTALLED || b.getHeaders("").get("Fragment-Host") != null) {
                    continue;
                }
                (b.getLocation().startsWith(LOCATION_PREFIX) ? ours : own).add(b);
            }
            own.addAll(ours);
            ApplicationGraph graph = BundleCodeInstaller.load(path, args, own, "the installed bundles", false);
            Bundle from = org.osgi.framework.FrameworkUtil.getBundle(graph.ingress().deployment().type());
            source = from;
            identity = from == null ? "installed" : identityOf(from);
            return graph;
        }
    }
}
