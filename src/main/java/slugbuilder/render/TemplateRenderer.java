package slugbuilder.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.resolver.ClasspathResolver;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.SlugbuilderException;

/**
 * Renders the Mustache templates packed under {@code templates/}, or found first in a team's
 * platforms directories (whose templates can include the built-in partials, and replace
 * them). Two departures from Mustache's defaults, both because a Dockerfile is not HTML:
 * nothing is HTML-escaped, and a name the model does not have is an error instead of an
 * empty string.
 */
public final class TemplateRenderer {
    private static final Pattern WHERE = Pattern.compile("@\\[([^:\\]]+):(\\d+)]");

    private final DefaultMustacheFactory factory;
    private final TeamFirstResolver resolver;

    public TemplateRenderer() {
        this(List.of());
    }

    /** DIRS are searched in order, before the templates packed into the jar. */
    public TemplateRenderer(List<Path> dirs) {
        this.resolver = new TeamFirstResolver(dirs);
        this.factory = new DefaultMustacheFactory(resolver) {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        factory.setObjectHandler(new StrictObjectHandler());
    }

    /** Renders {@code templates/<name>.mustache} with MODEL. */
    public String render(String name, Object model) {
        Mustache mustache;
        try {
            mustache = factory.compile(name + ".mustache");
        } catch (MustacheException e) {
            throw failure(name, e.getMessage(), e);
        }
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, model).flush();
        } catch (MustacheException e) {
            throw failure(
                    name,
                    missingValue(e)
                            .map(m -> m.getMessage() + " " + where(e.getMessage()))
                            .orElse(e.getMessage()),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Optional<Throwable> missingValue(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MissingValueException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Mustache's "@[file:line]", or "". */
    private static String where(String message) {
        Matcher where = WHERE.matcher(message == null ? "" : message);
        return where.find() ? where.group() : "";
    }

    /**
     * A fault in a team's template is the user's to fix: one line naming the file (and the
     * line, where Mustache gives one). A fault in a built-in one is slugbuilder's own.
     */
    private RuntimeException failure(String name, String message, MustacheException e) {
        String file = name + ".mustache";
        int line = 0;
        Matcher where = WHERE.matcher(message == null ? "" : message);
        if (where.find()) {
            file = where.group(1);
            line = Integer.parseInt(where.group(2));
        }
        Path teamFile = resolver.served(file)
                .or(() -> resolver.served(name + ".mustache"))
                .orElse(null);
        if (teamFile == null) {
            return new IllegalStateException("template " + name + ": " + message, e);
        }
        String problem = (message == null ? "cannot be rendered" : message)
                .replaceAll("\\s*@\\[[^\\]]*]", "")
                .strip();
        return SlugbuilderException.badFile(
                teamFile.toString(),
                resolver.served(file).isPresent() ? line : 0,
                problem,
                "templates can use the values and partials the built-in ones use (templates/ in slugbuilder's sources)");
    }

    /** Looks a template up in each directory in turn, then among those packed into the jar. */
    private static final class TeamFirstResolver implements MustacheResolver {
        private final List<Path> dirs;
        private final ClasspathResolver builtIn = new ClasspathResolver("templates");
        private final Map<String, Path> served = new ConcurrentHashMap<>();

        TeamFirstResolver(List<Path> dirs) {
            this.dirs = List.copyOf(dirs);
        }

        @Override
        public Reader getReader(String resourceName) {
            for (Path dir : dirs) {
                Path file = dir.resolve(resourceName).normalize();
                if (file.startsWith(dir) && Files.isRegularFile(file)) {
                    try {
                        Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                        served.put(resourceName, file);
                        return reader;
                    } catch (IOException e) {
                        throw SlugbuilderException.badFile(
                                file.toString(), 0, "cannot be read: " + e.getMessage(), "check its permissions");
                    }
                }
            }
            return builtIn.getReader(resourceName);
        }

        /** The team file a template name was read from, if it came from one. */
        Optional<Path> served(String resourceName) {
            return Optional.ofNullable(served.get(resourceName));
        }
    }

    /** Thrown while rendering when a template names a value the model does not have. */
    static final class MissingValueException extends RuntimeException {
        MissingValueException(String name) {
            super("the model has no value named '" + name + "'");
        }
    }

    private static final class StrictObjectHandler extends ReflectionObjectHandler {
        @Override
        protected MissingWrapper createMissingWrapper(String name, List<Guard> guards) {
            throw new MissingValueException(name);
        }
    }
}
