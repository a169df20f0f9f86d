package slugbuilder.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Renders the Mustache templates packed under {@code templates/}. Two departures from
 * Mustache's defaults, both because a Dockerfile is not HTML: nothing is HTML-escaped, and a
 * name the model does not have is an error instead of an empty string.
 */
public final class TemplateRenderer {
    private final DefaultMustacheFactory factory;

    public TemplateRenderer() {
        this.factory = new DefaultMustacheFactory("templates") {
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
            throw new IllegalStateException("template " + name + ": " + e.getMessage(), e);
        }
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, model).flush();
        } catch (MustacheException e) {
            Throwable cause = e.getCause() instanceof MissingValueException ? e.getCause() : e;
            throw new IllegalStateException("template " + name + ": " + cause.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
