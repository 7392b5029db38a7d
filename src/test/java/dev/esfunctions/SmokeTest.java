package dev.esfunctions;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SmokeTest {
    @Test
    void health() {
        given().get("/q/health").then().log().all().statusCode(200);
    }
}
