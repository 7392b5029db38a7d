package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class SearchFunctionTest {

    private static final String INDEX = "search-products";

    @Inject
    TestCluster cluster;

    @BeforeEach
    void products() {
        cluster.recreateIndex(INDEX, """
                {"properties": {"name": {"type": "keyword"}, "category": {"type": "keyword"}, "price": {"type": "integer"}}}
                """);
        cluster.index(INDEX, "1", "{\"name\": \"laptop\", \"category\": \"computers\", \"price\": 999}");
        cluster.index(INDEX, "2", "{\"name\": \"mouse\", \"category\": \"accessories\", \"price\": 25}");
        cluster.index(INDEX, "3", "{\"name\": \"keyboard\", \"category\": \"accessories\", \"price\": 70}");
        cluster.index(INDEX, "4", "{\"name\": \"monitor\", \"category\": \"computers\", \"price\": 300}");
        cluster.index(INDEX, "5", "{\"name\": \"cable\", \"category\": \"accessories\", \"price\": 5}");
        cluster.refresh(INDEX);
    }

    @Test
    void matchAllByDefaultWithExactTotal() {
        search("{\"index\": \"search-products\"}")
                .statusCode(200)
                .body("total.value", equalTo(5))
                .body("total.relation", equalTo("eq"))
                .body("hits", hasSize(5))
                .body("hits[0].index", equalTo(INDEX))
                .body("hits[0].score", equalTo(1.0f))
                .body("hits.id", containsInAnyOrder("1", "2", "3", "4", "5"))
                .body("aggregations", nullValue());
    }

    @Test
    void queryDslSelectsDocuments() {
        search("{\"index\": \"search-products\", \"query\": {\"term\": {\"category\": \"computers\"}}}")
                .statusCode(200)
                .body("total.value", equalTo(2))
                .body("hits.source.name", containsInAnyOrder("laptop", "monitor"));
    }

    @Test
    void sortSourceFilteringAndSearchAfterPageThroughResults() {
        ValidatableResponse firstPage = search("""
                {"index": "search-products", "size": 2, "sort": [{"price": "asc"}], "source": ["name"]}
                """)
                .statusCode(200)
                .body("hits.id", contains("5", "2"))
                .body("hits[0].source", equalTo(Map.of("name", "cable")))
                .body("hits[0].sort", contains(5))
                .body("hits[0].score", nullValue());
        int lastSort = firstPage.extract().path("hits[1].sort[0]");
        search("{\"index\": \"search-products\", \"size\": 2, \"sort\": [{\"price\": \"asc\"}], \"source\": [\"name\"], "
                + "\"searchAfter\": [" + lastSort + "]}")
                .statusCode(200)
                .body("hits.id", contains("3", "4"));
        search("{\"index\": \"search-products\", \"size\": 2, \"from\": 4, \"sort\": [{\"price\": \"asc\"}]}")
                .statusCode(200)
                .body("hits.id", contains("1"));
    }

    @Test
    void sourceFalseLeavesSourceOutAndTotalsCanBeSkipped() {
        search("{\"index\": \"search-products\", \"source\": false, \"trackTotalHits\": false}")
                .statusCode(200)
                .body("hits", hasSize(5))
                .body("hits[0]", not(hasKey("source")))
                .body("$", not(hasKey("total")));
    }

    @Test
    void aggregationsAreReturnedWhenAskedFor() {
        search("""
                {"index": "search-products", "size": 0,
                 "aggs": {"by_category": {"terms": {"field": "category"}}, "max_price": {"max": {"field": "price"}}}}
                """)
                .statusCode(200)
                .body("hits", hasSize(0))
                .body("total.value", equalTo(5))
                .body("aggregations.by_category.buckets.key", contains("accessories", "computers"))
                .body("aggregations.by_category.buckets.doc_count", contains(3, 2))
                .body("aggregations.max_price.value", equalTo(999.0f));
    }

    @Test
    void patternsAndListsOfIndicesAreSearched() {
        search("{\"index\": \"search-prod*,search-nothing-*\"}").statusCode(200).body("total.value", equalTo(5));
    }

    /** In the name of the server that said it, OpenSearch's answers naming none. */
    @Test
    void unknownIndexIsNotFound() {
        search("{\"index\": \"no-such-index\"}")
                .statusCode(404)
                .body("error.status", equalTo(404))
                .body("error.type", equalTo("index_not_found_exception"))
                .body("error.reason", startsWith(cluster.product() + " rejected POST /no-such-index/_search: "))
                .body("error.reason", containsString("no-such-index"));
    }

    @Test
    void queryRejectedByElasticsearchIsABadRequestWithItsReason() {
        search("{\"index\": \"search-products\", \"query\": {\"no_such_query\": {}}}")
                .statusCode(400)
                .body("error.status", equalTo(400))
                .body("error.type", equalTo("parsing_exception"))
                .body("error.reason", containsString("unknown query [no_such_query]"));
    }

    @Test
    void fieldsOfTheWrongKindAreRejectedByName() {
        search("{\"index\": \"search-products\", \"query\": [1]}")
                .statusCode(400).body("error.type", equalTo("invalid_field")).body("error.reason", containsString("'query'"));
        search("{\"index\": \"search-products\", \"source\": 3}")
                .statusCode(400).body("error.reason", containsString("'source'"));
        search("{\"index\": \"search-products\", \"size\": -1}")
                .statusCode(400).body("error.reason", containsString("'size' must be at least 0"));
        search("{\"index\": \"search-products\", \"size\": \"ten\"}")
                .statusCode(400).body("error.type", equalTo("invalid_field")).body("error.reason", containsString("'size'"));
    }

    /**
     * Searches served at once, on the event loop that read them, each answered with its own hits or its own error:
     * no call sees another's request, answer or failure.
     */
    @Test
    void searchesAtOnceEachAnswerTheirOwnQuery() throws Exception {
        Map<String, String> names = Map.of("1", "laptop", "2", "mouse", "3", "keyboard", "4", "monitor", "5", "cable");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = IntStream.range(0, 60).<Future<?>>mapToObj(i -> callers.submit(() -> {
                String id = Integer.toString(i % 5 + 1);
                if (i % 3 == 0) {
                    search("{\"index\": \"no-such-index-" + id + "\"}").statusCode(404)
                            .body("error.reason", containsString("no-such-index-" + id));
                } else {
                    search("{\"index\": \"search-products\", \"query\": {\"ids\": {\"values\": [\"" + id
                            + "\"]}}}").statusCode(200).body("hits.id", contains(id))
                            .body("hits[0].source.name", equalTo(names.get(id)));
                }
            })).toList();
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static ValidatableResponse search(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/search").then();
    }
}
