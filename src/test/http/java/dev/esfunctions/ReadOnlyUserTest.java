package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A user whose role may only read: writes are refused with a 403 that says where and what is missing. */
@QuarkusTest
@TestProfile(ReadOnlyUserTest.AsReader.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadOnlyUserTest {

    public static class AsReader implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                // Idempotent: Quarkus asks a profile for its configuration more than once.
                SecuredCluster.asWriter("PUT", "/" + SecuredCluster.INDEX + "-readable/_doc/seed?refresh=true", "{\"n\": 0}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            // The client logs every request at DEBUG: the captured log then has something in which to look for secrets.
            return SecuredCluster.config(Map.of("quarkus.elasticsearch.username", SecuredCluster.READER,
                    "quarkus.elasticsearch.password", SecuredCluster.READER_PASSWORD,
                    "quarkus.log.category.\"org.elasticsearch.client\".level", "DEBUG"));
        }
    }

    private LogCapture log;

    @BeforeAll
    void captureTheLog() {
        log = LogCapture.start();
    }

    @AfterAll
    void stopCapturing() {
        log.close();
        // Log levels live in the JVM's log manager and would outlive this profile's application.
        Logger.getLogger("org.elasticsearch.client").setLevel(Level.INFO);
    }

    @Test
    void readsWorkAndWritesAreRefusedNamingTheIndexAndThePrivilege() {
        given().contentType(ContentType.JSON).body("{\"index\": \"secured-docs-readable\"}").post("/search")
                .then().statusCode(200);
        String body = given().contentType(ContentType.JSON)
                .body("{\"index\": \"secured-docs-readable\", \"docs\": [{\"_id\": \"1\", \"n\": 1}]}").post("/upsert")
                .then().log().ifValidationFails().statusCode(403)
                .body("error.type", equalTo("security_exception"))
                .body("error.reason", containsString("secured-docs-readable"))
                .body("error.reason", containsString("index privileges [create_doc,create,delete,index,write,all]"))
                .extract().asString();
        assertFalse(body.contains(SecuredCluster.READER_PASSWORD), "the password is not in the error");
        given().get("/q/metrics").then().statusCode(200).body(not(containsString(SecuredCluster.READER_PASSWORD)));
        List<String> logged = log.records().stream().map(r -> r.getFormattedMessage() + " " + r.getThrown()).toList();
        assertTrue(logged.stream().anyMatch(line -> line.contains("secured-docs-readable")),
                "the requests were logged: " + logged);
        for (String line : logged) {
            assertFalse(line.contains(SecuredCluster.READER_PASSWORD) || line.contains(SecuredCluster.WRITER_PASSWORD),
                    "a password was logged: " + line);
        }
    }
}
