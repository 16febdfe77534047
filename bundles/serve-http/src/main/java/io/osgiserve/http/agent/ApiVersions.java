package io.osgiserve.http.agent;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigForm;
import java.util.Optional;

/**
 * V1 and V2 side by side, as Ray had them while both existed: the V1 API ({@code /api/serve/deployments/},
 * Ray 2.0's form) manages one application, the V2 API ({@code /api/serve/applications/}, the
 * multi-application form) every other one; a goal's form says which API deployed it. Neither API
 * deploys over the other's applications.
 */
final class ApiVersions {
    static final String V1_PATH = "/api/serve/deployments/";
    static final String V2_PATH = "/api/serve/applications/";

    private ApiVersions() {
    }

    /** Why a deploy through the API of {@code form} is refused while {@code goal} runs; empty when it is not. */
    static Optional<String> refusal(ConfigForm form, Optional<ConfigDocument> goal) {
        if (goal.isEmpty() || goal.get().applications().isEmpty() || goal.get().form() == form) {
            return Optional.empty();
        }
        if (form == ConfigForm.SINGLE_APP) {
            return Optional.of("applications deployed through " + V2_PATH + " are running: deploy through " + V2_PATH
                    + " (the multi-application form), or shut them down first (serve shutdown, or DELETE " + V2_PATH + ")");
        }
        return Optional.of("an application deployed through the V1 API (" + V1_PATH + ") is running: shut it down first"
                + " (serve shutdown, or DELETE " + V1_PATH + "), then deploy through " + V2_PATH);
    }

    /** True when {@code goal} was deployed through the V1 API (V1 DELETE removes it, and only it). */
    static boolean isV1(Optional<ConfigDocument> goal) {
        return goal.isPresent() && goal.get().form() == ConfigForm.SINGLE_APP;
    }
}
