package dev.esfunctions.errors;

import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Funqy answers every failure with a bare status page. This failure handler, on every route, answers instead with
 * the JSON error contract and the status the failure deserves, so functions never wrap their results. A failed
 * CloudEvent (Knative) is answered with a CloudEvent of type {@value #ERROR_EVENT_TYPE} carrying the same body.
 */
@ApplicationScoped
public class HttpErrorResponder {

    private static final Logger LOG = Logger.getLogger(HttpErrorResponder.class);

    static final String ERROR_EVENT_TYPE = "dev.esfunctions.error";

    private final ObjectMapper mapper;
    private final String maxBodySize;

    HttpErrorResponder(ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") String maxBodySize) {
        this.mapper = mapper;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        router.route().failureHandler(this::respond);
        // Paths no function serves fail too, so that they are answered by the contract rather than an HTML page.
        router.route().order(Integer.MAX_VALUE).handler(context -> context.fail(404));
    }

    private void respond(RoutingContext context) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        FunctionException error = error(context);
        if (isCloudEvent(context)) {
            context.response().putHeader("ce-specversion", "1.0")
                    .putHeader("ce-id", UUID.randomUUID().toString())
                    .putHeader("ce-source", "es-functions")
                    .putHeader("ce-type", ERROR_EVENT_TYPE);
        }
        if (error.retryAfterSeconds() != null) {
            context.response().putHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        try {
            context.response().setStatusCode(error.status())
                    .putHeader("Content-Type", "application/json")
                    .end(mapper.writeValueAsString(error.toResponse()));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(500).end();
        }
    }

    private static boolean isCloudEvent(RoutingContext context) {
        String contentType = context.request().getHeader("Content-Type");
        return context.request().getHeader("ce-id") != null
                || (contentType != null && contentType.startsWith("application/cloudevents"));
    }

    private FunctionException error(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure == null) {
            return fromStatus(context);
        }
        if (!(failure instanceof FunctionException) && isCloudEvent(context) && hasNoBody(context)) {
            return noEventData(context);
        }
        return Failures.map(failure);
    }

    private static boolean hasNoBody(RoutingContext context) {
        Buffer body = context.body().buffer();
        return body == null || body.length() == 0;
    }

    /** Funqy fails on a binary-mode CloudEvent without data with a NullPointerException: the caller sent no request. */
    private static FunctionException noEventData(RoutingContext context) {
        String type = context.request().getHeader("ce-type");
        return FunctionException.invalidRequest("the CloudEvent" + (type == null ? "" : " " + type)
                + " has no data: send the function's request, a JSON object, as the event's data");
    }

    private FunctionException fromStatus(RoutingContext context) {
        String path = context.request().path();
        return switch (context.statusCode()) {
            case 400 -> unreadableBody(context, path);
            case 404 -> new FunctionException(404, "unknown_function", "no function at " + path
                    + "; the functions are " + functions());
            case 405 -> new FunctionException(405, "method_not_allowed", "call functions with POST and a JSON body");
            case 413 -> FunctionException.tooLarge("body_too_large", "the request body is larger than "
                    + maxBodySize + " (quarkus.http.limits.max-body-size): send fewer documents per request or raise the limit");
            default -> new FunctionException(context.statusCode(), "http_error",
                    "the request failed with HTTP status " + context.statusCode());
        };
    }

    /** Every function this application serves, as Funqy registered it: POST /batch, POST /copy, ... */
    private static String functions() {
        return FunctionRecorder.registry.invokers().stream().map(invoker -> "POST /" + invoker.getName()).sorted()
                .collect(Collectors.joining(", "));
    }

    /**
     * Funqy drops the reason it could not read a body: read it again, only on this failure path, to say why. The
     * caller's mistake is logged at DEBUG only.
     */
    private static FunctionException unreadableBody(RoutingContext context, String path) {
        FunctionException unreadable = reasonForUnreadable(context, path);
        LOG.debugf("Refused an unreadable %s body: %s", path, unreadable.reason());
        return unreadable;
    }

    private static FunctionException reasonForUnreadable(RoutingContext context, String path) {
        FunctionInvoker invoker = FunctionRecorder.registry.matchInvoker(path.substring(1));
        Buffer body = context.body().buffer();
        if (invoker != null && body != null) {
            ObjectReader reader = (ObjectReader) invoker.getBindingContext().get(ObjectReader.class.getName());
            try {
                reader.readValue(body.getBytes());
            } catch (JsonProcessingException e) {
                return Failures.unreadableInput(e);
            } catch (Exception e) {
                return Failures.map(e);
            }
        }
        return FunctionException.invalidRequest("the request body could not be read as a " + path.substring(1)
                + " request");
    }
}
