package io.osgiserve.examples.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreeterAppTest {

    private static String post(Greeter greeter, String body) {
        return greeter.call(new HttpRequest("POST", "/", "", Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void argsChooseTheGreetingAndTheReplicas() {
        BoundDeployment app = GreeterApp.app(Map.of("greeting", "Bonjour", "replicas", 2));
        assertEquals(2, app.deployment().options().get("num_replicas"));
        assertEquals("Bonjour", app.args().get(0));
        assertEquals("Bonjour, Ada!", post(new Greeter((String) app.args().get(0)), "\"Ada\""));
    }

    @Test
    void argsFromTheCommandLineArriveAsTextAndStillCount() {
        assertEquals(3, GreeterApp.app(Map.of("replicas", "3")).deployment().options().get("num_replicas"));
    }

    @Test
    void withoutArgsItSaysHello() {
        BoundDeployment app = GreeterApp.app(Map.of());
        assertEquals("Hello", app.args().get(0));
        assertEquals(1, app.deployment().options().get("num_replicas"));
    }

    @Test
    void userConfigChangesThePunctuation() {
        Greeter greeter = new Greeter("Hello");
        greeter.reconfigure(Map.of("punctuation", "?"));
        assertEquals("Hello, world?", post(greeter, ""));
    }

    @Test
    void anArgOfTheWrongTypeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GreeterApp.app(Map.of("replicas", "many")));
        assertEquals("args.replicas: must be a number >= 1, got many", e.getMessage());
    }
}
