package dev.esfunctions.lambda;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Invokes the function under test the way Lambda does, through Quarkus's mock event server. */
final class MockEventServer {

    private MockEventServer() {
    }

    static ValidatableResponse invoke(String event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().baseUri("http://localhost").port(port).contentType(ContentType.JSON).body(event)
                .post("/_lambda_").then().log().ifValidationFails();
    }
}
