package io.osgiserve.rest.impl;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The security context of a request the ingress let through: no user, no roles (Jersey needs a non-null one). */
enum AnonymousSecurity implements SecurityContext {
    INSTANCE;

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String getAuthenticationScheme() {
        return null;
    }
}
