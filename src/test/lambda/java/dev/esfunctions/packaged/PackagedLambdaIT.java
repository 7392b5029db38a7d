package dev.esfunctions.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The Lambda deployment package run as Lambda runs it: function.zip unpacked as the task root, under AWS's Java
 * runtime interface client (the client of the managed java21 runtime), with the handler that template.yaml names
 * and the environment a deployment sets (QUARKUS_FUNQY_EXPORT chooses the function). A native build runs its
 * executable instead, as the provided.al2023 runtime does. {@link LambdaRuntimeApi} stands in for the Lambda service.
 * (Quarkus's own tests of a packaged Lambda start the jar with a poll loop that only dev, test and native builds
 * have: the JVM artifact is not run that way in AWS, so it is not tested that way here.)
 */
class PackagedLambdaIT {

    private static final Path TEMPLATE = Path.of("native/lambda/template.yaml");

    private static LambdaRuntimeApi lambdaService;
    private static Process function;
    private static Path functionLog;

    @BeforeAll
    static void deploy() throws IOException {
        lambdaService = new LambdaRuntimeApi();
        Map<String, String> environment = Map.of(
                "AWS_LAMBDA_RUNTIME_API", lambdaService.address(),
                "AWS_LAMBDA_FUNCTION_NAME", "es-functions-upsert",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                "QUARKUS_FUNQY_EXPORT", "upsert",
                "QUARKUS_ELASTICSEARCH_HOSTS", PackagedCluster.address(),
                "ES_FUNCTIONS_CURSOR_KEY", PackagedCluster.randomKey(),
                "ES_FUNCTIONS_INDICES_READ", PackagedCluster.INDICES,
                "ES_FUNCTIONS_INDICES_WRITE", PackagedCluster.INDICES);
        ProcessBuilder builder = PackagedArtifact.deployment(command());
        builder.environment().putAll(environment);
        // Lambda runs the function in its task root, /var/task: the runtime client loads the handler from there.
        Path taskRoot = taskRoot();
        builder.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
        builder.directory(taskRoot.toFile());
        functionLog = PackagedArtifact.buildDirectory().resolve("packaged-lambda.log");
        function = builder.redirectErrorStream(true).redirectOutput(functionLog.toFile()).start();
        lambdaService.serving(function);
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (function != null) {
            function.destroy();
            if (!function.waitFor(20, TimeUnit.SECONDS)) {
                function.destroyForcibly();
            }
        }
        if (lambdaService != null) {
            lambdaService.close();
        }
    }

    @Test
    void theExportedFunctionAnswersEvents() {
        given().baseUri("http://" + PackagedCluster.address()).delete("/packaged-lambda");
        JsonPath answer = answer("""
                {"index": "packaged-lambda", "refresh": "wait_for",
                 "docs": [{"_id": "1", "n": 1}, {"_id": "2", "n": 2}]}""");
        assertEquals(2, answer.getInt("created"));
        assertEquals(0, answer.getInt("failed"));
        given().baseUri("http://" + PackagedCluster.address()).get("/packaged-lambda/_count")
                .then().statusCode(200).body("count", equalTo(2));
    }

    @Test
    void theDeploymentsAllowlistHolds() {
        LambdaRuntimeApi.Outcome outcome =
                lambdaService.invoke("{\"index\": \"elsewhere\", \"docs\": [{\"_id\": \"1\"}]}");
        assertTrue(outcome.failed(), outcome.body());
        assertThat(JsonPath.from(outcome.body()).getString("errorMessage"), containsString("index_not_allowed"));
        // The function lives on after a failed invocation, as in Lambda.
        assertEquals(1, answer("{\"index\": \"packaged-lambda-after-failure\", \"docs\": [{\"_id\": \"1\"}]}")
                .getInt("succeeded"));
    }

    @Test
    void theFunctionOpensNoHttpListener() {
        answer("{\"index\": \"packaged-lambda-after-failure\", \"docs\": [{\"_id\": \"2\"}]}");
        String log = log();
        assertTrue(log.contains("Profile prod activated"), log);
        assertFalse(log.contains("Listening on: http"), log);
    }

    @Test
    void neitherTheApplicationNorFunctionZipHoldsDevOnlyCode() {
        assertTrue(Files.isRegularFile(PackagedArtifact.functionZip()), "the build makes function.zip");
        assertEquals(List.of(),
                PackagedArtifact.devOnlyCode(PackagedArtifact.application(), PackagedArtifact.functionZip()));
    }

    /** The function's answer to {@code event}, which must not fail; the function's log says why when it does. */
    private static JsonPath answer(String event) {
        LambdaRuntimeApi.Outcome outcome = lambdaService.invoke(event);
        assertFalse(outcome.failed(), () -> outcome.body() + "\n" + log());
        return JsonPath.from(outcome.body());
    }

    private static String log() {
        try {
            return Files.readString(functionLog);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The managed runtime's client with the template's handler, or the native executable. */
    private static List<String> command() throws IOException {
        if (PackagedArtifact.isNative()) {
            return List.of(PackagedArtifact.application().toString());
        }
        List<String> command = new ArrayList<>();
        command.add(PackagedArtifact.java());
        command.add("-cp");
        command.add(PackagedArtifact.buildDirectory().resolve("lambda-runtime-client").toAbsolutePath() + "/*");
        command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        command.add(jvmHandler());
        return command;
    }

    /** The handler template.yaml gives the java21 runtime: a renamed handler class fails here, not in AWS. */
    private static String jvmHandler() throws IOException {
        Matcher handler = Pattern.compile("Handler: !If \\[Jvm, ([\\w.$]+::\\w+),").matcher(Files.readString(TEMPLATE));
        assertTrue(handler.find(), "template.yaml names the JVM handler");
        return handler.group(1);
    }

    /** function.zip unpacked into a new directory, as Lambda unpacks it into /var/task. */
    private static Path taskRoot() throws IOException {
        Path root = Files.createTempDirectory(PackagedArtifact.buildDirectory(), "lambda-task").toAbsolutePath();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(PackagedArtifact.functionZip()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("function.zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return root;
    }
}
