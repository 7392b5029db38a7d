package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A password the cluster refuses: the username and password go out with each request as a header, and the cluster's
 * 401 comes back to the caller naming the user, for reads and for writes alike.
 */
@QuarkusTest
@TestProfile(WrongPasswordTest.WithWrongPassword.class)
class WrongPasswordTest {

    static final String PASSWORD = "not-the-writers-password";

    public static class WithWrongPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SecuredCluster.config(Map.of("quarkus.elasticsearch.username", SecuredCluster.WRITER,
                    "quarkus.elasticsearch.password", PASSWORD));
        }
    }

    @Test
    void aWrongPasswordIsA401NamingTheUser() {
        String[][] calls = { { "search", "{\"index\": \"secured-docs\"}" },
                { "upsert", "{\"index\": \"secured-docs\", \"docs\": [{\"_id\": \"1\", \"n\": 1}]}" } };
        for (String[] call : calls) {
            given().contentType(ContentType.JSON).body(call[1]).post("/" + call[0])
                    .then().log().ifValidationFails().statusCode(401)
                    .body("error.status", equalTo(401))
                    .body("error.reason", containsString("as user '" + SecuredCluster.WRITER + "'"))
                    .body("error.reason", containsString("quarkus.elasticsearch.username"))
                    .body(not(containsString(PASSWORD)));
        }
    }
}
