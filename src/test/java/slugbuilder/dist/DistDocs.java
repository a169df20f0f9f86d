package slugbuilder.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;
import slugbuilder.Version;
import slugbuilder.cli.Main;

/**
 * The man pages and completion scripts scripts/dist.sh packs, made from the CLI's own picocli
 * model (the one {@code slugbuilder} runs, every command added): picocli-codegen writes one
 * AsciiDoc page per command and subcommand, AsciidoctorJ turns each into troff in this JVM; the
 * bash completion is picocli's, the same script {@code slugbuilder completion} prints, and zsh
 * loads it through bashcompinit. Test scope: neither library is in the jar.
 *
 * <p>Usage: {@code DistDocs OUTDIR DATE} writes OUTDIR/man/man1/*.1 (dated DATE, the build date, so
 * one commit makes the same pages), OUTDIR/completions/slugbuilder (bash) and
 * OUTDIR/completions/_slugbuilder (zsh).
 */
public final class DistDocs {
    private DistDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DistDocs OUTDIR DATE");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<Path> pages = manPages(out.resolve("man/man1"), args[1]);
        Path completions = completions(out.resolve("completions"));
        System.err.println("dist: " + pages.size() + " man pages in " + out.resolve("man/man1") + ", completions in "
                + completions);
    }

    /** The whole CLI, as {@code slugbuilder --help} sees it. */
    static CommandLine cli() {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Main.commandLine(nowhere, nowhere);
    }

    /** One troff page per command into DIR (e.g. slugbuilder-init.1), dated DATE; returns them, sorted. */
    static List<Path> manPages(Path dir, String date) throws IOException {
        Path adoc = Files.createTempDirectory("slugbuilder-man");
        try {
            int code =
                    ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, cli().getCommandSpec());
            if (code != 0) {
                throw new IOException("picocli's man page generator ended with " + code);
            }
            Files.createDirectories(dir);
            try (Asciidoctor asciidoctor = Asciidoctor.Factory.create();
                    Stream<Path> sources = Files.list(adoc)) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".adoc"))
                        .sorted()
                        .toList()) {
                    asciidoctor.convertFile(
                            source.toFile(),
                            Options.builder()
                                    .backend("manpage")
                                    .safe(SafeMode.UNSAFE)
                                    .toDir(dir.toFile())
                                    .mkDirs(true)
                                    .attributes(Attributes.builder()
                                            .attribute("mansource", "slugbuilder " + Version.current())
                                            .attribute("manmanual", "slugbuilder manual")
                                            .attribute("docdate", date)
                                            .attribute("reproducible", "")
                                            .build())
                                    .build());
                }
            }
        } finally {
            deleteTree(adoc);
        }
        try (Stream<Path> made = Files.list(dir)) {
            return made.filter(p -> p.toString().endsWith(".1")).sorted().toList();
        }
    }

    /** bash's completion script (named as the command, as bash-completion looks it up) and zsh's loader. */
    static Path completions(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("slugbuilder"), AutoComplete.bash("slugbuilder", cli()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("_slugbuilder"), ZSH, StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * zsh's completion for slugbuilder (a #compdef file, which compinit loads on the first completion):
     * picocli's bash script, which sets zsh's bashcompinit up itself, read from bash-completion's
     * directory (the .deb) or from the install the command on PATH belongs to (the tarball); then
     * that script completes the word, as it will from now on.
     */
    static final String ZSH = String.join(
            "\n",
            "#compdef slugbuilder",
            "# slugbuilder's completion for zsh: picocli's bash completion script through bashcompinit.",
            "if (( ! $+functions[_complete_slugbuilder] )); then",
            "  local f",
            "  for f in /usr/share/bash-completion/completions/slugbuilder \\",
            "      ${commands[slugbuilder]:A:h:h}/share/bash-completion/completions/slugbuilder; do",
            "    if [[ -r $f ]]; then source $f; break; fi",
            "  done",
            "fi",
            "(( $+functions[_complete_slugbuilder] )) && _bash_complete -F _complete_slugbuilder",
            "");

    private static void deleteTree(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
