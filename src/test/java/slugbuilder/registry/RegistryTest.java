package slugbuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

class RegistryTest {
    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverHerokus() {
        assertEquals("registry.heroku.com", Registry.of(null, Map.of()).address());
        assertEquals(
                "127.0.0.1:5000",
                Registry.of(null, Map.of(Registry.ENV_VAR, " 127.0.0.1:5000 ")).address());
        assertEquals(
                "r.example.com",
                Registry.of("R.example.com", Map.of(Registry.ENV_VAR, "x:1")).address());
    }

    @Test
    void imagesAreRegistryAppTypeLatest() {
        Registry heroku = Registry.of(null, Map.of());
        assertEquals("registry.heroku.com/my-app/web:latest", heroku.image("my-app", "web"));
        assertEquals("https://registry.heroku.com", heroku.baseUrl().toString());
        assertFalse(heroku.plainHttp());
        Registry local = new Registry("localhost:5055");
        assertTrue(local.plainHttp());
        assertEquals("http://localhost:5055", local.baseUrl().toString());
    }

    @Test
    void anythingButHostAndPortIsAUsageError() {
        for (String bad :
                new String[] {"https://registry.heroku.com", "r.example.com/path", "host:0", "host:99999", ""}) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new Registry(bad), bad);
            assertEquals(ExitCode.USAGE, e.exitCode());
        }
    }
}
