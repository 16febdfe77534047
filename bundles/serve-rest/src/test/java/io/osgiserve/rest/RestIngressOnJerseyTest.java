package io.osgiserve.rest;

/** Every test of {@link RestIngressTest} again, with every request through Jersey's whole pipeline. */
class RestIngressOnJerseyTest extends RestIngressTest {
    @Override
    boolean fastPath() {
        return false;
    }
}
