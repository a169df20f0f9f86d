package slugbuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {
    private final List<String> ran = new ArrayList<>();

    @Test
    void theRegistryRunsEveryActionNewestFirstScopesIncluded() {
        Cleanup registry = Cleanup.registry();
        registry.add("a", () -> ran.add("a"));
        Cleanup scope = registry.scope();
        scope.add("b", () -> ran.add("b"));
        scope.add("c", () -> ran.add("c"));
        registry.add("d", () -> ran.add("d"));
        registry.close(); // what the shutdown hook does while the scope is still open
        assertEquals(List.of("d", "c", "b", "a"), ran);
    }

    @Test
    void aScopeRunsOnlyItsOwnActionsAndLeavesTheRegistry() {
        Cleanup registry = Cleanup.registry();
        registry.add("outer", () -> ran.add("outer"));
        try (Cleanup scope = registry.scope()) {
            scope.add("inner", () -> ran.add("inner"));
        }
        assertEquals(List.of("inner"), ran);
        registry.close();
        assertEquals(List.of("inner", "outer"), ran);
    }

    @Test
    void keptAndRunNowActionsDoNotRunAgain() {
        Cleanup registry = Cleanup.registry();
        Cleanup.Action kept = registry.add("kept", () -> ran.add("kept"));
        Cleanup.Action now = registry.add("now", () -> ran.add("now"));
        registry.keep(kept);
        registry.runNow(now);
        registry.close();
        assertEquals(List.of("now"), ran);
    }

    @Test
    void whatIsAddedAfterTheRegistryRanIsUndoneAtOnce() {
        Cleanup registry = Cleanup.registry();
        Cleanup scope = registry.scope();
        registry.close();
        scope.add("late", () -> ran.add("late"));
        assertEquals(List.of("late"), ran);
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() {
        Cleanup registry = Cleanup.registry();
        registry.add("first", () -> ran.add("first"));
        registry.add("failing", () -> {
            throw new IllegalStateException("gone");
        });
        registry.close();
        assertEquals(List.of("first"), ran);
    }
}
