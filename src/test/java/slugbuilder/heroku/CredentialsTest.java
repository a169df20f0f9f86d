package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** Token lookup: HEROKU_API_KEY, then the netrc file (NETRC, $HOME, user.home) in the layouts people have. */
class CredentialsTest {
    @TempDir
    Path home;

    private ApiToken tokenWith(Map<String, String> env, String netrc) throws IOException {
        if (netrc != null) {
            Files.writeString(home.resolve(".netrc"), netrc);
        }
        return new Credentials(env, home).token();
    }

    static Stream<Arguments> netrcFiles() {
        return Stream.of(
                Arguments.of(
                        "heroku login's layout",
                        "machine api.heroku.com\n  login me@example.com\n  password tok-1\n"
                                + "machine git.heroku.com\n  login me@example.com\n  password tok-git\n",
                        "tok-1"),
                Arguments.of("one line", "machine api.heroku.com login me password tok-2", "tok-2"),
                Arguments.of(
                        "password before login, tabs", "machine\tapi.heroku.com\tpassword\ttok-3\tlogin\tme", "tok-3"),
                Arguments.of("split anywhere", "machine\napi.heroku.com\nlogin\nme\npassword\ntok-4\n", "tok-4"),
                Arguments.of(
                        "other machines first",
                        "machine git.heroku.com login me password nope\n"
                                + "machine example.com login x password no\nmachine api.heroku.com login me password tok-5",
                        "tok-5"),
                Arguments.of(
                        "comments",
                        "# my netrc\nmachine api.heroku.com # the API\n  login me\n  # old: password bad\n"
                                + "  password tok-6\n",
                        "tok-6"),
                Arguments.of(
                        "default entry",
                        "machine example.com login x password no\ndefault login me password tok-7",
                        "tok-7"),
                Arguments.of(
                        "machine wins over an earlier default",
                        "default login me password dflt\n" + "machine api.heroku.com login me password tok-8",
                        "tok-8"),
                Arguments.of(
                        "first matching machine wins",
                        "machine api.heroku.com password tok-9\n" + "machine api.heroku.com password later",
                        "tok-9"),
                Arguments.of("host is case-insensitive", "machine API.Heroku.COM login me password tok-10", "tok-10"),
                Arguments.of(
                        "macdef skipped",
                        "macdef init\ncd /pub\nmachine api.heroku.com password fake\n\n"
                                + "machine api.heroku.com login me password tok-11\n",
                        "tok-11"),
                Arguments.of(
                        "account ignored", "machine api.heroku.com account acct login me password tok-12", "tok-12"),
                Arguments.of(
                        "CRLF and BOM",
                        "\uFEFFmachine api.heroku.com\r\n  login me\r\n  password tok-13\r\n",
                        "tok-13"),
                Arguments.of("quoted value", "machine api.heroku.com login me password \"tok-14\"", "tok-14"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("netrcFiles")
    void netrcPasswordForApiHerokuCom(String name, String netrc, String expected) throws IOException {
        ApiToken token = tokenWith(Map.of(), netrc);
        assertEquals(expected, token.value());
        assertEquals("~/.netrc", token.source());
    }

    @Test
    void environmentWinsOverNetrc() throws IOException {
        ApiToken token =
                tokenWith(Map.of("HEROKU_API_KEY", " env-token\n"), "machine api.heroku.com password netrc-token");
        assertEquals("env-token", token.value(), "trimmed");
        assertEquals("HEROKU_API_KEY", token.source());
    }

    @Test
    void emptyEnvironmentVariableFallsBackToNetrc() throws IOException {
        assertEquals(
                "netrc-token",
                tokenWith(Map.of("HEROKU_API_KEY", ""), "machine api.heroku.com password netrc-token")
                        .value());
    }

    static Stream<Arguments> missing() {
        return Stream.of(
                Arguments.of("no .netrc", null, "there is no "),
                Arguments.of("empty .netrc", "", "has no entry for api.heroku.com"),
                Arguments.of(
                        "only other machines",
                        "machine git.heroku.com login me password tok",
                        "has no entry for api.heroku.com"),
                Arguments.of("no password", "machine api.heroku.com login me", "entry of"),
                Arguments.of(
                        "machine without password hides default",
                        "machine api.heroku.com login me\ndefault password d",
                        "has no password"),
                Arguments.of("all commented out", "# machine api.heroku.com password tok", "has no entry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missing")
    void missingTokenSaysHowToLogIn(String name, String netrc, String hintPart) {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> tokenWith(Map.of(), netrc));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertEquals(
                "no Heroku API token: set HEROKU_API_KEY or log in with `heroku login` (~/.netrc)", e.getMessage());
        assertTrue(e.hint().contains(hintPart), e.hint());
    }

    private static Path netrc(Path dir, String token, String mode) throws IOException {
        Files.createDirectories(dir);
        Path file =
                Files.writeString(dir.resolve(".netrc"), "machine api.heroku.com login me password " + token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void netrcUnderHomeFromTheEnvironmentNotUserHome() throws IOException {
        Path envHome = home.resolve("env-home");
        netrc(envHome, "from-env-home", "rw-------");
        netrc(home, "from-fallback", "rw-------");
        Credentials credentials = new Credentials(Map.of("HOME", envHome.toString()), home);
        assertEquals("from-env-home", credentials.token().value());
        assertEquals(envHome.resolve(".netrc"), credentials.netrcFile());
    }

    @Test
    void fallbackHomeOnlyWhenHomeIsUnset() throws IOException {
        netrc(home, "from-fallback", "rw-------");
        assertEquals("from-fallback", new Credentials(Map.of(), home).token().value());
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> new Credentials(Map.of("HOME", home.resolve("elsewhere").toString()), home).token());
        assertTrue(e.hint().contains("there is no " + home.resolve("elsewhere/.netrc")), e.hint());
    }

    @Test
    void netrcVariableWinsOverHome() throws IOException {
        Path custom = netrc(home.resolve("custom"), "from-netrc-var", "rw-------");
        netrc(home, "from-home", "rw-------");
        ApiToken token = new Credentials(Map.of("NETRC", custom.toString(), "HOME", home.toString()), home).token();
        assertEquals("from-netrc-var", token.value());
        assertEquals(custom.toString(), token.source());
    }

    @Test
    void aMissingNetrcNamedByTheVariableIsNamed() {
        Path custom = home.resolve("nowhere/.netrc");
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> new Credentials(Map.of("NETRC", custom.toString()), home).token());
        assertTrue(e.hint().contains("there is no " + custom), e.hint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----"})
    void aNetrcOthersCanReachIsUsedWithOneWarning(String mode) throws IOException {
        Path file = netrc(home, "shared-token", mode);
        List<String> warnings = new ArrayList<>();
        ApiToken token = new Credentials(Map.of(), home, warnings::add).token();
        assertEquals("shared-token", token.value());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(file + " can be read by other users (mode 06"), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("chmod 600 " + file), warnings.get(0));
        assertFalse(warnings.get(0).contains("shared-token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void aPrivateNetrcGetsNoWarning(String mode) throws IOException {
        netrc(home, "private-token", mode);
        List<String> warnings = new ArrayList<>();
        assertEquals(
                "private-token",
                new Credentials(Map.of(), home, warnings::add).token().value());
        assertEquals(List.of(), warnings);
    }

    @Test
    void noWarningWhenTheTokenComesFromTheEnvironment() throws IOException {
        netrc(home, "shared-token", "rw-rw-rw-");
        List<String> warnings = new ArrayList<>();
        new Credentials(Map.of("HEROKU_API_KEY", "env-token"), home, warnings::add).token();
        assertEquals(List.of(), warnings);
    }

    @Test
    void netrcEntriesAreParsedWithAllFields() {
        Netrc netrc = Netrc.parse("machine a.example login la password pa\ndefault login ld");
        assertEquals(2, netrc.entries().size());
        assertEquals(new Netrc.Entry("a.example", "la", "pa"), netrc.entries().get(0));
        assertNull(netrc.entries().get(1).machine());
        assertNull(netrc.entries().get(1).password());
        assertEquals("ld", netrc.lookup("other.example").orElseThrow().login());
    }
}
