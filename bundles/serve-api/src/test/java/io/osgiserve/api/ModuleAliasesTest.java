package io.osgiserve.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one reader of the Serve-Module header. */
class ModuleAliasesTest {
    @Test
    void aliasesComeInTheHeadersOrderTrimmed() {
        Map<String, String> aliases = ApplicationGraph.moduleAliases(" fruit = com.example.FruitStand ,greeter=com.example.Greeter");
        assertEquals(List.of("fruit", "greeter"), List.copyOf(aliases.keySet()));
        assertEquals("com.example.FruitStand", aliases.get("fruit"));
        assertEquals("com.example.Greeter", aliases.get("greeter"));
    }

    @Test
    void theFirstOfTwoEqualAliasesWins() {
        assertEquals(Map.of("fruit", "a.First"), ApplicationGraph.moduleAliases("fruit=a.First,fruit=b.Second"));
    }

    @Test
    void entriesWithoutAnAliasOrAClassAreSkipped() {
        assertEquals(Map.of("ok", "a.B"), ApplicationGraph.moduleAliases("=a.NoAlias, noclass=, justtext, ,ok=a.B"));
        assertEquals(Map.of(), ApplicationGraph.moduleAliases(null));
        assertEquals(Map.of(), ApplicationGraph.moduleAliases(""));
    }
}
