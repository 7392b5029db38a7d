package dev.esfunctions.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.esfunctions.HostileAnswers;
import dev.esfunctions.HostileBodies;
import dev.esfunctions.HostileBodies.Body;

/**
 * The hostile-input test is only as strong as its judge and its generator: the judge must refuse what the README
 * does not document, and the generator must make the bodies the issue named (nulls, queries reading other indices).
 */
class HostileAnswersTest {

    private static final String UPSERT = "{\"index\": \"a\", \"docs\": [{\"_id\": \"1\"}, null]}";
    private static final String UPSERTED = "{\"took\": 3, \"total\": 2, \"succeeded\": 1, \"failed\": 1, "
            + "\"created\": 1, \"updated\": 0, \"noop\": 0, \"retries\": 0, \"batches\": 1, "
            + "\"concurrency\": {\"lowest\": 2, \"final\": 2}, \"errors\": [{\"id\": null, \"status\": 400, "
            + "\"type\": \"missing_id\", \"reason\": \"no _id\"}], \"errorsTruncated\": false}";

    private static Body sent(String function, String text) {
        return new Body(function, text, "", null, null);
    }

    private static String error(int status, String type) {
        return "{\"error\": {\"status\": " + status + ", \"type\": \"" + type + "\", \"reason\": \"why\"}}";
    }

    @Test
    void errorsAreThoseOfTheReadmeTableAtTheirStatus() {
        Body search = sent("search", "{}");
        assertNull(HostileAnswers.problem(search, 400, error(400, "invalid_field")));
        assertNull(HostileAnswers.problem(search, 400, error(400, "parsing_exception")), "Elasticsearch's type");
        assertNull(HostileAnswers.problem(search, 502, error(502, "cluster_connection_lost")), "named in 'when'");
        assertNull(HostileAnswers.problem(search, 404, error(404, "index_not_found_exception")));
        assertNotNull(HostileAnswers.problem(search, 400, error(400, "delete_failed")), "not documented");
        assertNotNull(HostileAnswers.problem(search, 403, error(403, "invalid_field")), "documented at 400 only");
        assertNotNull(HostileAnswers.problem(search, 404, error(404, "search_context_missing_exception")),
                "Elasticsearch's types are documented at 400, 401, 403 and 502 only");
        assertNotNull(HostileAnswers.problem(search, 500, error(500, "internal_error")));
        assertNotNull(HostileAnswers.problem(search, 400, error(404, "invalid_field")), "status differs");
        assertNotNull(HostileAnswers.problem(search, 400, "{\"error\": {\"status\": 400, \"type\": "
                + "\"cluster_timeout\", \"reason\": \"Timeout connecting to [127.0.0.1:9200]\"}}"));
    }

    @Test
    void overloadedCarriesRetryAfter() {
        Body upsert = sent("upsert", UPSERT);
        String overloaded = "{\"error\": {\"status\": 503, \"type\": \"overloaded\", \"reason\": \"busy\", "
                + "\"retryAfterSeconds\": 2}}";
        assertNull(HostileAnswers.problem(upsert, 503, overloaded, Optional.of("2")));
        assertNull(HostileAnswers.problem(upsert, 503, overloaded), "no headers: the error carries it");
        assertNotNull(HostileAnswers.problem(upsert, 503, overloaded, Optional.empty()));
        assertNotNull(HostileAnswers.problem(upsert, 503, error(503, "overloaded"), Optional.of("2")));
    }

    @Test
    void aResultHasItsFunctionsShapeAndItsCountsAddUp() {
        Body upsert = sent("upsert", UPSERT);
        assertNull(HostileAnswers.problem(upsert, 200, UPSERTED));
        assertNotNull(HostileAnswers.problem(upsert, 200, UPSERTED.replace("\"succeeded\": 1", "\"succeeded\": 2")));
        assertNotNull(HostileAnswers.problem(upsert, 200, UPSERTED.replace("\"total\": 2", "\"total\": 1")
                .replace("\"failed\": 1", "\"failed\": 0").replaceAll("\"errors\": \\[.*\\]", "\"errors\": []")),
                "one of two documents counted");
        assertNotNull(HostileAnswers.problem(upsert, 200, UPSERTED.replace("missing_id", "made_up")));
        assertNotNull(HostileAnswers.problem(upsert, 200, "{\"took\": 1}"));
        assertNotNull(HostileAnswers.problem(sent("search", "{}"), 200, "{\"took\": 1, \"total\": {\"value\": 0, "
                + "\"relation\": \"eq\"}, \"hits\": {}}"));
        assertNull(HostileAnswers.problem(sent("scan", "{}"), 200, "{\"took\": 1, \"hits\": [], \"cursor\": null}"));
        assertNotNull(HostileAnswers.problem(sent("scan", "{}"), 200, "{\"took\": 1, \"hits\": []}"));
        Body batch = sent("batch", "{\"operations\": [{\"upsert\": " + UPSERT + "}, {\"search\": {}}]}");
        assertNull(HostileAnswers.problem(batch, 200, "{\"took\": 1, \"results\": [{\"upsert\": " + UPSERTED
                + "}, " + error(404, "index_not_found_exception") + "]}"));
        assertNotNull(HostileAnswers.problem(batch, 200, "{\"took\": 1, \"results\": [{\"upsert\": " + UPSERTED
                + "}]}"), "an operation unanswered");
        assertNotNull(HostileAnswers.problem(batch, 200, "{\"took\": 1, \"results\": [{\"search\": " + UPSERTED
                + "}, " + error(404, "index_not_found_exception") + "]}"), "another function's result");
    }

    @Test
    void whatTheContractRefusesIsNeverAResult() {
        Body refused = new Body("batch", "{\"operations\": [null]}", "operations[0] = null", "",
                new HostileBodies.Expected("", 400, "invalid_field", "field 'operations[0]' is null"));
        assertNull(HostileAnswers.problem(refused, 400, "{\"error\": {\"status\": 400, \"type\": \"invalid_field\", "
                + "\"reason\": \"field 'operations[0]' is null: give a value\"}}"));
        assertNotNull(HostileAnswers.problem(refused, 400, error(400, "invalid_field")), "not naming the field");
        assertNotNull(HostileAnswers.problem(refused, 200, "{\"took\": 1, \"results\": []}"));
    }

    @Test
    void theGeneratorMakesTheBodiesTheIssueNamesFromItsSeed() {
        List<Body> bodies = new HostileBodies(7, "hostile-1", List.of(), true).bodies(200);
        assertEquals(bodies, new HostileBodies(7, "hostile-1", List.of(), true).bodies(200), "the seed decides");
        for (String made : List.of("\"operations\":[null", "\"docs\":[null", "\"ids\":[null", "\"sort\":[null",
                "\"include\":[null", "\"rename\":{\"n\":\"m\",\"a\":null}", "\"set\":{\"x\":null}",
                "\"search\":null", "\"terms\":{\"tag\":{\"index\":\"secret-", "\"like\":[{\"_index\":\"secret-",
                "\"indexed_shape\":{\"id\":\"1\",\"path\":\"shape\",\"index\":\"secret-",
                "\"percolate\":{\"field\":\"q\",\"index\":\"secret-", "\"wrapper\":")) {
            assertTrue(bodies.stream().anyMatch(body -> body.text().contains(made)), made);
        }
        Predicate<Body> nestedInBatch = body -> body.function().equals("batch") && body.exactly() != null
                && body.exactly().reason().startsWith("field 'operations[");
        assertTrue(bodies.stream().anyMatch(nestedInBatch), "a null inside a batch's operation, named");
    }
}
