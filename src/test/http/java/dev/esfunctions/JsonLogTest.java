package dev.esfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.observability.RequestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** One property turns the console into JSON lines, each with the request id of the call that logged it. */
@QuarkusTest
@TestProfile(JsonLogTest.Json.class)
class JsonLogTest {

    public static class Json implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.json.enabled", "true");
        }
    }

    @Test
    void theConsoleWritesJsonWithTheRequestId() throws Exception {
        Formatter console = consoleFormatter();
        assertNotNull(console, "a console handler formats as JSON");
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "bulk request answered", ExtLogRecord.FormatStyle.NO_FORMAT,
                JsonLogTest.class.getName());
        MDC.put(RequestIds.MDC_KEY, "request-42");
        try {
            record.copyMdc();
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
        JsonNode line = new ObjectMapper().readTree(console.format(record));
        assertEquals("bulk request answered", line.path("message").asText());
        assertEquals("request-42", line.path("mdc").path(RequestIds.MDC_KEY).asText());
    }

    private static Formatter consoleFormatter() {
        Deque<Handler> handlers = new ArrayDeque<>(List.of(Logger.getLogger("").getHandlers()));
        while (!handlers.isEmpty()) {
            Handler handler = handlers.pop();
            if (handler.getFormatter() != null && handler.getFormatter().getClass().getName().contains("Json")) {
                return handler.getFormatter();
            }
            if (handler instanceof ExtHandler ext) {
                handlers.addAll(List.of(ext.getHandlers()));
            }
        }
        return null;
    }
}
