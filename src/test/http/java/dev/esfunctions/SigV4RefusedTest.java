package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * OpenSearch Serverless with a wrong secret: every request the functions send is refused by the verifying proxy, and
 * each call says that AWS refused the SigV4 credential; what Serverless cannot serve is refused before any request.
 */
@QuarkusTest
@TestProfile(SigV4RefusedTest.WrongSecretOnServerless.class)
class SigV4RefusedTest {

    public static class WrongSecretOnServerless implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SigV4Test.signedThroughProxy("aoss", "not-the-secret");
        }
    }

    @Test
    void aRefusedSignatureIsAClear403NamingTheSigV4Credential() {
        SigV4VerifyingProxy.reset();
        for (String[] call : new String[][] {
                { "/search", "{\"index\": \"sigv4-docs\"}" },
                { "/upsert", "{\"index\": \"sigv4-docs\", \"docs\": [{\"_id\": \"1\", \"a\": 1}]}" },
                { "/delete", "{\"index\": \"sigv4-docs\", \"ids\": [\"1\"]}" } }) {
            given().contentType(ContentType.JSON).body(call[1]).post(call[0]).then().log().ifValidationFails()
                    .statusCode(403)
                    .body("error.type", equalTo("aws_sigv4_refused"))
                    .body("error.reason", containsString("refused the request's SigV4 credential"))
                    .body("error.reason", containsString("signature we calculated does not match"))
                    .body("error.reason", containsString("aws.accessKeyId"))
                    .body("error.reason", containsString(call[0].equals("/search") ? "_search" : "_bulk"));
        }
        // The three calls' requests, and the one GET / by which the gateway learns which server named no one in
        // its refusal (asked once per process): every request refused, none verified.
        assertEquals(4, SigV4VerifyingProxy.refusals().size(), SigV4VerifyingProxy.refusals().toString());
        assertEquals(1, SigV4VerifyingProxy.refusals().stream().filter(r -> r.startsWith("GET /:")).count(),
                SigV4VerifyingProxy.refusals().toString());
        assertEquals(0, SigV4VerifyingProxy.verified());
        assertTrue(SigV4VerifyingProxy.refusals().stream().allMatch(r -> r.contains("does not match")),
                SigV4VerifyingProxy.refusals().toString());
    }

    @Test
    void whatServerlessLacksIsRefusedBeforeAnyRequest() {
        SigV4VerifyingProxy.reset();
        for (String[] call : new String[][] {
                { "/scan", "{\"index\": \"sigv4-docs\"}" },
                { "/copy", "{\"index\": \"sigv4-docs\", \"target\": \"sigv4-copy\"}" },
                { "/plan", "{\"index\": \"sigv4-docs\"}" },
                { "/delete", "{\"index\": \"sigv4-docs\", \"query\": {\"term\": {\"a\": 1}}}" } }) {
            given().contentType(ContentType.JSON).body(call[1]).post(call[0]).then().log().ifValidationFails()
                    .statusCode(400)
                    .body("error.type", equalTo("unsupported_on_serverless"))
                    .body("error.reason", containsString("point-in-time"))
                    .body("error.reason", containsString("es-functions.aws.service is aoss"));
        }
        assertEquals(0, SigV4VerifyingProxy.refusals().size() + SigV4VerifyingProxy.verified(),
                "no request reached the proxy: " + SigV4VerifyingProxy.refusals());
    }
}
