package slugbuilder.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import slugbuilder.Cleanup;

/** Entry point: builds the command line and exits with the command's code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // UTF-8 whatever the locale: app file names and their contents are UTF-8
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        if (isVersionOnly(args)) {
            // picocli's first model costs several times the JVM's own start (annotation proxies
            // spun at run time, which no archive keeps); the version needs none of it
            for (String line : new SlugbuilderCommand.VersionProvider().getVersion()) {
                out.println(line);
            }
            System.exit(0);
        }
        exit(commandLine(out, new PrintWriter(System.err, true, StandardCharsets.UTF_8), Wiring.system(), args)
                .execute(args));
    }

    /**
     * Exits with CODE, unless Ctrl-C or SIGTERM has begun the JVM's exit: then the signal's code
     * (130, 143) is the one to report. A command that hands a process's code through ends when its
     * cleanup stops that process, and System.exit called between the hooks' end and the signal's
     * halt would halt first with the stopped process's code.
     */
    private static void exit(int code) {
        if (Cleanup.shuttingDown()) {
            // the signal's own exit halts the JVM once its hooks are done
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // keep waiting: only the halt ends this thread
                }
            }
        }
        System.exit(code);
    }

    /** Whether ARGS ask for the version and nothing else: what picocli would print for them is the provider's lines. */
    static boolean isVersionOnly(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** The whole CLI on the real engine and API, printing to OUT and ERR: tests run it in-process with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Wiring.system());
    }

    /** The whole CLI with WIRING's engine, API and environment. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Wiring wiring) {
        return commandLine(out, err, wiring, SUBCOMMANDS.keySet());
    }

    /**
     * The CLI that ARGS need: picocli reads every command's annotations by reflection when it is
     * added, which costs more than the JVM's own start, so a command line that names a command
     * gets that command only (with its own subcommands), and {@code --version} none. Help, a
     * mistyped command and completion get them all. The result is the same as the whole CLI's.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Wiring wiring, String... args) {
        return commandLine(out, err, wiring, subcommandsFor(args));
    }

    /** The top-level commands, in the order help lists them. */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("init", InitCommand.class);
        commands.put("start", StartCommand.class);
        commands.put("exec", ExecCommand.class);
        commands.put("test", TestCommand.class);
        commands.put("stop", StopCommand.class);
        commands.put("clean", CleanCommand.class);
        commands.put("addons", AddonsCommand.class);
        commands.put("container", ContainerCommand.class);
        commands.put("release", ReleaseCommand.class);
        commands.put("config", ConfigCommand.class);
        commands.put("slug", SlugCommand.class);
        commands.put("stack", StackCommand.class);
        commands.put(COMPLETION, AutoComplete.GenerateCompletion.class);
        return Collections.unmodifiableMap(commands);
    }

    private static final String COMPLETION = "completion";

    /** The names of the top-level commands ARGS can reach. The top level's options take no value. */
    static Set<String> subcommandsFor(String... args) {
        boolean version = false;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("--")) {
                return SUBCOMMANDS.keySet();
            }
            if (!arg.startsWith("-")) {
                // completion describes every command; a word that names none gets suggestions among them all
                return SUBCOMMANDS.containsKey(arg) && !arg.equals(COMPLETION) ? Set.of(arg) : SUBCOMMANDS.keySet();
            }
            version |= arg.equals("-V") || arg.equals("--version");
        }
        // with neither command nor --version, the top level prints its usage, which lists every command
        return version ? Set.of() : SUBCOMMANDS.keySet();
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, Wiring wiring, Set<String> names) {
        WiringFactory factory = new WiringFactory(wiring);
        CommandLine cli = new CommandLine(new SlugbuilderCommand(), factory);
        SUBCOMMANDS.forEach((name, type) -> {
            if (names.contains(name)) {
                cli.addSubcommand(name, name.equals(COMPLETION) ? completion() : new CommandLine(type, factory));
            }
        });
        if (cli.getSubcommands().containsKey("exec")) {
            // everything after exec's first argument is the command's own, options included
            cli.getSubcommands().get("exec").setStopAtPositional(true);
        }
        ExitCodes.showIn(cli);
        HelpWrap.install(cli);
        ErrorHandler errors = new ErrorHandler();
        cli.setOut(out)
                .setErr(err)
                .setUsageHelpLongOptionsMaxWidth(28)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExitCodeExceptionMapper(errors);
        return cli;
    }

    private static CommandLine completion() {
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion
                .getCommandSpec()
                .name(COMPLETION)
                .usageMessage()
                .hidden(false)
                .description("Print a bash/zsh completion script: source <(slugbuilder completion)");
        return completion;
    }

    /** Hands every command the wiring as picocli creates it. */
    private record WiringFactory(Wiring wiring) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            K made = CommandLine.defaultFactory().create(type);
            if (made instanceof ContextCommand command) {
                command.wiring = wiring;
            }
            return made;
        }
    }
}
