package io.osgiserve.bench.noop;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.DAGDriver;
import io.osgiserve.api.Deployment;

/**
 * The benchmark applications. {@code single}: one {@link Noop} deployment at route {@code /}.
 * {@code chainN}: N deployments of {@link Noop} named {@code noop000}, {@code noop001}, ..., each bound
 * to the next so that they form one graph; {@code noop000} is the ingress at {@code /}. {@code rest}: the
 * Jakarta REST no-op {@link NoopRest} at {@code /}. {@code dag}: a DAGDriver at {@code /} taking
 * {@code ["MANGO", 2]} to {@link Noop#quote} on one {@code Quoter} replica, the graph path that
 * {@code rest}'s {@code POST /quote} is compared with.
 */
public final class NoopApp {
    public static final BoundDeployment single = Deployment.of(Noop.class).routePrefix("/").bind();
    public static final BoundDeployment chain10 = chain(10);
    public static final BoundDeployment chain100 = chain(100);
    public static final BoundDeployment rest = Deployment.of(NoopRest.class).name("NoopRest").routePrefix("/").bind();
    public static final BoundDeployment dag = DAGDriver.bind(
            Deployment.of(Noop.class).name("Quoter").bind().method("quote"), DAGDriver.JSON_REQUEST);

    private NoopApp() {
    }

    /** N deployments of the no-op class in one graph. */
    public static BoundDeployment chain(int n) {
        BoundDeployment next = Deployment.of(Noop.class).name(name(n - 1)).bind();
        for (int i = n - 2; i >= 0; i--) {
            Deployment d = Deployment.of(Noop.class).name(name(i));
            next = (i == 0 ? d.routePrefix("/") : d).bind(next);
        }
        return next;
    }

    public static String name(int i) {
        return String.format("noop%03d", i);
    }
}
