package dev.esfunctions.functions;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.esfunctions.model.SearchRequest;
import dev.esfunctions.model.SearchResult;
import io.netty.buffer.ByteBufInputStream;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /search} on the HTTP surface, served where it arrives rather than through Funqy's HTTP binding, which
 * hands every call to a worker thread to start it and again to answer it: two thread hand-offs on a call whose own
 * work is a fraction of a millisecond. The function is called on the event loop that read the body (assembling the
 * search blocks nothing: the gateway waits for a connection and sends asynchronously, and signs on a worker), and
 * its answer is written from the thread that delivers it: the client's I/O thread for an answer small enough to be
 * read there ({@code ElasticsearchGateway.performBrief}), a worker for a larger one. The contract is Funqy's own: the
 * same reader and writer, the function called through its bean (so {@code FunctionCalls} still bounds the call),
 * and a failure, or a body that is not a search request, left to {@code HttpErrorResponder} as Funqy leaves it.
 * A search within {@code POST /batch}, and every surface but HTTP, still goes through Funqy.
 */
@ApplicationScoped
public class SearchRoute {

    private static final String FUNCTION = "search";

    private final SearchFunction function;
    private final CurrentVertxRequest current;

    SearchRoute(SearchFunction function, CurrentVertxRequest current) {
        this.function = function;
        this.current = current;
    }

    void install(@Observes Router router) {
        FunctionInvoker invoker = FunctionRecorder.registry.matchInvoker(FUNCTION);
        ObjectReader reader = (ObjectReader) invoker.getBindingContext().get(ObjectReader.class.getName());
        ObjectWriter writer = (ObjectWriter) invoker.getBindingContext().get(ObjectWriter.class.getName());
        // After the body is read and before Funqy's routes, which take the next orders from 0.
        router.post("/" + FUNCTION).order(RouteConstants.ROUTE_ORDER_COMPRESSION - 1)
                .handler(exchange -> serve(exchange, reader, writer));
    }

    private void serve(RoutingContext exchange, ObjectReader reader, ObjectWriter writer) {
        SearchRequest request;
        try {
            request = read(exchange.body().buffer(), reader);
        } catch (IOException | RuntimeException unreadable) {
            exchange.fail(400); // HttpErrorResponder reads the body again to say why
            return;
        }
        Context eventLoop = Vertx.currentContext();
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            current.setCurrent(exchange);
            function.search(request).subscribe().with(
                    result -> answer(exchange, writer, result, eventLoop),
                    failure -> failed(exchange, failure, eventLoop));
        } catch (RuntimeException failure) {
            exchange.fail(failure);
        } finally {
            requestContext.terminate();
        }
    }

    /** No body is a search without a request, which the function refuses with an example: as Funqy binds it. */
    private static SearchRequest read(Buffer body, ObjectReader reader) throws IOException {
        if (body == null || body.length() == 0) {
            return null;
        }
        try (ByteBufInputStream in = new ByteBufInputStream(body.getByteBuf())) {
            return reader.readValue((InputStream) in);
        }
    }

    /** Written from the thread that delivers it: a response may be ended from any thread, Vert.x writes it. */
    private static void answer(RoutingContext exchange, ObjectWriter writer, SearchResult result, Context eventLoop) {
        Buffer json;
        try {
            json = Buffer.buffer(writer.writeValueAsBytes(result));
        } catch (IOException e) {
            failed(exchange, e, eventLoop);
            return;
        }
        exchange.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(json);
    }

    /** The failure handler runs on the exchange's event loop, as the routing context is not shared between threads. */
    private static void failed(RoutingContext exchange, Throwable failure, Context eventLoop) {
        eventLoop.runOnContext(ignored -> exchange.fail(failure));
    }
}
