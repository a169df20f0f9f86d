package slugbuilder.heroku;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.Response;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * How a failed call reads: one line saying what failed and why (exit code 5), and at most one
 * hint. Text that comes from a server is cut to one short line with the API token removed, and a
 * signed URL is shown without its query, so neither credential ever reaches a message.
 */
final class FailureWording {
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]{1,1000})</Message>");
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(201, "Created"),
            Map.entry(202, "Accepted"),
            Map.entry(204, "No Content"),
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"),
            Map.entry(411, "Length Required"),
            Map.entry(413, "Payload Too Large"),
            Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private final ApiToken token;
    private final SecretMask mask;

    FailureWording(ApiToken token) {
        this.token = token;
        this.mask = new SecretMask(token.value());
    }

    /** The call was answered with a status it does not succeed on, after ATTEMPTS attempts. */
    SlugbuilderException status(ApiCall call, Response response, int attempts) {
        int code = response.code();
        String body = "";
        try {
            body = response.peekBody(ERROR_BODY_LIMIT).string();
        } catch (IOException e) {
            // the status alone has to do
        }
        StringBuilder message =
                new StringBuilder(call.what()).append(" failed: ").append(code);
        Optional<ServerError> error = call.blob() ? objectStoreError(body) : apiError(body);
        if (error.isPresent()) {
            String id = error.get().id();
            message.append(' ').append(id != null ? oneLine(id, 80) : reason(response));
            String text = error.get().message();
            if (text != null && !text.isBlank()) {
                message.append(": ").append(oneLine(text, 500));
            }
        } else {
            String reason = reason(response);
            if (!reason.isEmpty()) {
                message.append(' ').append(reason);
            }
            if (!body.isBlank()) {
                message.append(" (unexpected response: \"")
                        .append(oneLine(body, 120))
                        .append("\")");
            }
        }
        if (call.upload() && code < 300) {
            message.append(" (an upload succeeds only with 200)");
        }
        String requestId = response.header("Request-Id");
        if (requestId == null) {
            requestId = response.header("x-amz-request-id");
        }
        if (requestId != null && !requestId.isBlank()) {
            message.append(" (request id ").append(oneLine(requestId, 100)).append(')');
        }
        appendAttempts(message, attempts);
        String hint = hintFor(call, code);
        if (call.isRelease() && code >= 500) {
            appendMayExist(message, call);
            hint = checkReleasesHint(call);
        }
        return new SlugbuilderException(ExitCode.PLATFORM_API, message.toString(), hint);
    }

    /** The connection to URL failed with E; SENT: the request may have been received. */
    SlugbuilderException network(ApiCall call, HttpUrl url, IOException e, boolean sent, int attempts) {
        StringBuilder message = new StringBuilder(call.what()).append(" failed: ");
        String where = url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port());
        if (e instanceof UnknownHostException) {
            message.append("cannot resolve ").append(url.host());
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            message.append("cannot connect to ").append(where);
        } else if (e instanceof SocketTimeoutException) {
            message.append(sent ? "no answer from " : "timed out connecting to ")
                    .append(where);
        } else if (e instanceof SSLException) {
            message.append("TLS failure with ").append(where).append(": ").append(describe(e));
        } else {
            message.append("the connection to ")
                    .append(where)
                    .append(" failed: ")
                    .append(describe(e));
        }
        appendAttempts(message, attempts);
        String hint = "check the network connection (and any proxy); see https://status.heroku.com";
        if (call.isRelease() && sent) {
            appendMayExist(message, call);
            hint = checkReleasesHint(call);
        }
        return new SlugbuilderException(ExitCode.PLATFORM_API, message.toString(), hint, e);
    }

    SlugbuilderException interrupted(ApiCall call, boolean sent) {
        StringBuilder message = new StringBuilder("interrupted while ").append(call.what());
        boolean mayExist = call.isRelease() && sent;
        if (mayExist) {
            appendMayExist(message, call);
        }
        return new SlugbuilderException(
                ExitCode.INTERRUPTED, message.toString(), mayExist ? checkReleasesHint(call) : null);
    }

    /** A redirect with CODE that is not followed because of PROBLEM (" without a usable Location", ...). */
    SlugbuilderException redirect(ApiCall call, int code, String problem, String hint) {
        return new SlugbuilderException(
                ExitCode.PLATFORM_API, call.what() + " failed: " + code + " redirect" + problem, hint);
    }

    /** A successful status whose body is not what the call needs. */
    SlugbuilderException unexpectedResponse(ApiCall call, int code, String problem) {
        String message = call.what() + ": the API answered " + code + " but " + problem;
        if (call.isRelease()) {
            return new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    message + "; the release was probably created (" + call.releasing() + ")",
                    checkReleasesHint(call));
        }
        return new SlugbuilderException(ExitCode.PLATFORM_API, message);
    }

    SlugbuilderException slugUnreadable(SlugReadException e) {
        return new SlugbuilderException(
                ExitCode.FAILURE,
                "cannot read the slug " + e.file() + " while uploading it: " + describe(e.getCause()),
                null,
                e);
    }

    /** Text from the server as one short line, with the token (should a server echo it) masked as a whole value. */
    String oneLine(String text, int max) {
        String line = mask.mask(text).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }

    String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : oneLine(message, 300);
    }

    /** A URL for messages: a signed URL's query is a credential, so it is left out, as is any user info. */
    static String withoutQuery(URI url) {
        if (url == null) {
            return "null";
        }
        String text = url.toString();
        int cut = text.indexOf('?');
        text = cut < 0 ? text : text.substring(0, cut) + "?...";
        return text.replaceFirst("//[^/@]*@", "//");
    }

    private String hintFor(ApiCall call, int code) {
        if (call.blob()) {
            if (!call.upload()) {
                return null; // a stream's failure only ends the output; the release is read from the API
            }
            if (code == 403) {
                return "the signed upload URL may have expired (they are valid for a limited time); run the release again";
            }
            return code >= 500 || code == 429 ? "the object store is having trouble; try again in a few minutes" : null;
        }
        switch (code) {
            case 401:
                return "check HEROKU_API_KEY or the api.heroku.com entry in ~/.netrc (the token used came from "
                        + token.source() + "); `heroku login` refreshes it";
            case 403:
                return "your account may not have access to " + call.app() + " (`heroku access -a " + call.app()
                        + "` lists who has)";
            case 404:
                return "check the app name: -a APP, HEROKU_APP or the heroku git remote (`heroku apps` lists yours)";
            case 429:
                return "the Platform API's rate limit is reached; wait a few minutes and try again";
            default:
                return code >= 500
                        ? "the Heroku API is having trouble; see https://status.heroku.com and try again"
                        : null;
        }
    }

    private static void appendAttempts(StringBuilder message, int attempts) {
        if (attempts > 1) {
            message.append(" (gave up after ").append(attempts).append(" attempts)");
        }
    }

    private static void appendMayExist(StringBuilder message, ApiCall call) {
        message.append("; the release may or may not have been created (")
                .append(call.releasing())
                .append(')');
    }

    private static String checkReleasesHint(ApiCall call) {
        return "check with `heroku releases -a " + call.app() + "` before trying again";
    }

    private static String reason(Response response) {
        String reason = REASONS.get(response.code());
        return reason != null ? reason : response.message().strip();
    }

    /** A server's own error code (or null) and message (or null). */
    private record ServerError(String id, String message) {}

    /** A Platform API error body ({@code {"id": ..., "message": ...}}), if the body is one. */
    private static Optional<ServerError> apiError(String body) {
        return ApiJson.error(body).map(error -> new ServerError(error.id(), error.message()));
    }

    /** An S3-style XML error's Code and Message, if the body is one. */
    private static Optional<ServerError> objectStoreError(String body) {
        Matcher code = XML_CODE.matcher(body);
        if (!code.find()) {
            return Optional.empty();
        }
        Matcher message = XML_MESSAGE.matcher(body);
        return Optional.of(new ServerError(code.group(1), message.find() ? message.group(1) : null));
    }
}
