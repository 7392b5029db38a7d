package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * An Elastic Cloud deployment as its users reach it, by Cloud ID and API key: the Cloud ID names the secured node, and
 * the key, issued by the secured cluster itself and limited to the
 * {@code secured-*} indices: it reads and writes those, and an index beyond them is a 403 (of the call, or of each
 * document written) that names the key and what it lacks. The secret shows nowhere.
 */
@QuarkusTest
@TestProfile(ApiKeyTest.WithLimitedKey.class)
class ApiKeyTest {

    static final SecuredCluster.ApiKey KEY = SecuredCluster.ApiKey.lazily("es-functions-limited", """
            {"secured-only": {"indices": [{"names": ["secured-*"], "privileges": ["read", "write", "view_index_metadata"]}]}}
            """);
    private static final String INDEX = "secured-apikey";
    private static final String OTHER = "unsecured-apikey";

    public static class WithLimitedKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                // Idempotent: Quarkus asks a profile for its configuration more than once.
                for (String index : new String[] { INDEX, OTHER }) {
                    SecuredCluster.asWriter("PUT", "/" + index + "/_doc/seed?refresh=true", "{\"n\": 0}");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return SecuredCluster.cloudConfig(Map.of("quarkus.elasticsearch.api-key", KEY.encoded()));
        }
    }

    @Test
    void theKeyReadsAndWritesItsIndices() {
        given().contentType(ContentType.JSON)
                .body("{\"index\": \"" + INDEX + "\", \"refresh\": \"wait_for\", \"docs\": [{\"_id\": \"a\", \"n\": 1}, "
                        + "{\"_id\": \"b\", \"n\": 2}]}")
                .post("/upsert").then().log().ifValidationFails().statusCode(200)
                .body("succeeded", equalTo(2)).body("failed", equalTo(0));
        given().contentType(ContentType.JSON)
                .body("{\"index\": \"" + INDEX + "\", \"query\": {\"range\": {\"n\": {\"gte\": 1}}}}")
                .post("/search").then().log().ifValidationFails().statusCode(200).body("total.value", equalTo(2));
        given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\", \"size\": 10}")
                .post("/scan").then().log().ifValidationFails().statusCode(200).body("hits.size()", equalTo(3));
        given().contentType(ContentType.JSON).body("{\"index\": \"" + INDEX + "\", \"ids\": [\"a\"]}")
                .post("/delete").then().log().ifValidationFails().statusCode(200).body("deleted", equalTo(1));
    }

    @Test
    void anIndexBeyondTheKeyIsA403NamingTheKeyAndThePrivilege() {
        try (LogCapture log = LogCapture.start()) {
            // A write is refused per document, as _bulk refuses it: the call answers for each one.
            String write = given().contentType(ContentType.JSON)
                    .body("{\"index\": \"" + OTHER + "\", \"docs\": [{\"_id\": \"1\", \"n\": 1}]}").post("/upsert")
                    .then().log().ifValidationFails().statusCode(200)
                    .body("succeeded", equalTo(0)).body("failed", equalTo(1))
                    .body("errors[0].status", equalTo(403))
                    .body("errors[0].type", equalTo("security_exception"))
                    .body("errors[0].reason", containsString(OTHER))
                    .body("errors[0].reason", containsString("API key id [" + KEY.id() + "]"))
                    .extract().asString();
            String read = given().contentType(ContentType.JSON).body("{\"index\": \"" + OTHER + "\"}").post("/search")
                    .then().log().ifValidationFails().statusCode(403)
                    .body("error.type", equalTo("security_exception"))
                    .body("error.reason", containsString("API key id [" + KEY.id() + "]"))
                    .body("error.reason", containsString("quarkus.elasticsearch.api-key"))
                    .extract().asString();
            for (String body : new String[] { write, read }) {
                assertFalse(body.contains(KEY.secret()) || body.contains(KEY.encoded()), "the key is in " + body);
            }
            given().get("/q/metrics").then().statusCode(200).body(not(containsString(KEY.secret())));
            log.records().forEach(record -> assertFalse(
                    (record.getFormattedMessage() + record.getThrown()).contains(KEY.secret()), "the key was logged"));
        }
    }
}
