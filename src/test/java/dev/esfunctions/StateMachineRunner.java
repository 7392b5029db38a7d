package dev.esfunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs an Amazon States Language definition written in JSONata the way Step Functions does, for the states the copy
 * job uses: Task (Lambda invoke), Pass, Choice, Wait (without waiting), Map (inline, {@code MaxConcurrency} items
 * at once), Fail; Output, Arguments, Catch; and {@code $parse}, which Step Functions adds to JSONata's functions. Retry is not run: it answers faults of the Lambda service, which a test
 * has no way to raise. A Lambda is {@code invoke(function, payload)}: the function's answer, or a
 * {@link FunctionError} with the answer Lambda would give for an error of the function.
 */
public final class StateMachineRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Lambda function's error: Step Functions names it by {@code errorType} and gives Lambda's answer as cause. */
    public static final class FunctionError extends RuntimeException {
        final String errorType;
        final String errorMessage;

        public FunctionError(String errorType, String errorMessage) {
            super(errorType + ": " + errorMessage);
            this.errorType = errorType;
            this.errorMessage = errorMessage;
        }
    }

    /** The execution failed in a Fail state, or with an error no Catch took. */
    public static final class ExecutionFailed extends RuntimeException {
        public final String error;
        public final String cause;

        ExecutionFailed(String error, String cause) {
            super(error + ": " + cause);
            this.error = error;
            this.cause = cause;
        }
    }

    private final JsonNode definition;
    private final BiFunction<String, JsonNode, JsonNode> invoke;

    /** {@code substitutions} as SAM's DefinitionSubstitutions: {@code ${Name}} in the file becomes the value. */
    public StateMachineRunner(Path definition, Map<String, String> substitutions,
            BiFunction<String, JsonNode, JsonNode> invoke) {
        try {
            String text = Files.readString(definition);
            for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
                text = text.replace("${" + substitution.getKey() + "}", substitution.getValue());
            }
            this.definition = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.invoke = invoke;
    }

    /**
     * The copy job's definition ({@code native/lambda/copy-job.asl.json}), its Lambdas being the functions of the
     * application under test over HTTP: the same JSON in and out as Lambda's events, and an error answer as the
     * function error Lambda would report.
     */
    public static StateMachineRunner copyJob() {
        return new StateMachineRunner(Path.of("native/lambda/copy-job.asl.json"),
                Map.of("PlanFunction", "plan", "CopyFunction", "copy"), (function, payload) -> {
                    var response = io.restassured.RestAssured.given().contentType("application/json")
                            .body(payload.toString()).post("/" + function);
                    if (response.statusCode() != 200) {
                        throw new FunctionError("dev.esfunctions.errors.FunctionException", response.asString());
                    }
                    try {
                        return JSON.readTree(response.asString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The execution's output. */
    public JsonNode run(JsonNode input) {
        return run(definition, input, JSON.createObjectNode());
    }

    private JsonNode run(JsonNode machine, JsonNode input, JsonNode context) {
        String name = machine.path("StartAt").asText();
        JsonNode current = input;
        while (true) {
            JsonNode state = machine.path("States").path(name);
            Step step = step(state, current, context);
            if (step.next == null) {
                return step.output;
            }
            name = step.next;
            current = step.output;
        }
    }

    private record Step(JsonNode output, String next) {
    }

    private Step step(JsonNode state, JsonNode input, JsonNode context) {
        String next = state.path("End").asBoolean() ? null : state.path("Next").asText(null);
        ObjectNode states = JSON.createObjectNode();
        states.set("input", input);
        states.set("context", context);
        switch (state.path("Type").asText()) {
            case "Pass" -> {
                return new Step(output(state, states), next);
            }
            case "Wait" -> {
                evaluate(state.path("Seconds"), states);
                return new Step(output(state, states), next);
            }
            case "Choice" -> {
                for (JsonNode choice : state.path("Choices")) {
                    if (evaluate(choice.path("Condition"), states).asBoolean()) {
                        return new Step(input, choice.path("Next").asText());
                    }
                }
                return new Step(input, state.path("Default").asText());
            }
            case "Fail" -> throw new ExecutionFailed(evaluate(state.path("Error"), states).asText(),
                    evaluate(state.path("Cause"), states).asText());
            case "Task" -> {
                JsonNode arguments = evaluate(state.path("Arguments"), states);
                try {
                    ObjectNode result = JSON.createObjectNode();
                    result.set("Payload", invoke.apply(arguments.path("FunctionName").asText(),
                            arguments.path("Payload")));
                    states.set("result", result);
                    return new Step(output(state, states), next);
                } catch (FunctionError error) {
                    ObjectNode errorOutput = JSON.createObjectNode().put("Error", error.errorType)
                            .put("Cause", JSON.createObjectNode().put("errorMessage", error.errorMessage)
                                    .put("errorType", error.errorType).toString());
                    for (JsonNode catcher : state.path("Catch")) {
                        for (JsonNode equals : catcher.path("ErrorEquals")) {
                            if (equals.asText().equals("States.ALL") || equals.asText().equals(error.errorType)) {
                                states.set("errorOutput", errorOutput);
                                return new Step(catcher.has("Output") ? evaluate(catcher.get("Output"), states)
                                        : errorOutput, catcher.path("Next").asText());
                            }
                        }
                    }
                    throw new ExecutionFailed(error.errorType, errorOutput.path("Cause").asText());
                }
            }
            case "Map" -> {
                JsonNode items = evaluate(state.path("Items"), states);
                int concurrency = Math.max(1, evaluate(state.path("MaxConcurrency"), states).asInt(1));
                ExecutorService pool = Executors.newFixedThreadPool(concurrency);
                try {
                    List<Future<JsonNode>> results = new ArrayList<>();
                    int index = 0;
                    for (JsonNode item : items) {
                        ObjectNode itemStates = states.deepCopy();
                        ObjectNode itemContext = context.deepCopy();
                        itemContext.putObject("Map").putObject("Item").put("Index", index++).set("Value", item);
                        itemStates.set("context", itemContext);
                        JsonNode itemInput = state.has("ItemSelector") ? evaluate(state.get("ItemSelector"), itemStates)
                                : item;
                        results.add(pool.submit(() -> run(state.path("ItemProcessor"), itemInput, itemContext)));
                    }
                    ArrayNode outputs = JSON.createArrayNode();
                    for (Future<JsonNode> result : results) {
                        outputs.add(result.get());
                    }
                    states.set("result", outputs);
                    return new Step(output(state, states), next);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } finally {
                    pool.shutdownNow();
                }
            }
            default -> throw new IllegalArgumentException("a state this runner does not know: " + state);
        }
    }

    /** The state's Output, or its result, or its input, as Step Functions chooses. */
    private JsonNode output(JsonNode state, ObjectNode states) {
        if (state.has("Output")) {
            return evaluate(state.get("Output"), states);
        }
        return states.has("result") ? states.get("result") : states.get("input");
    }

    /** A JSONata template: "{% expression %}" strings evaluated, objects and arrays evaluated member by member. */
    private JsonNode evaluate(JsonNode template, ObjectNode states) {
        if (template.isTextual() && template.asText().startsWith("{%") && template.asText().endsWith("%}")) {
            String expression = template.asText().substring(2, template.asText().length() - 2);
            Jsonata jsonata = Jsonata.jsonata(expression);
            // Step Functions adds $parse to JSONata's library: a JSON string to its value.
            jsonata.registerFunction("parse", (String text) -> {
                try {
                    return toJsonata(JSON.readTree(text));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Jsonata.Frame frame = jsonata.createFrame();
            frame.bind("states", toJsonata(states));
            return fromJsonata(jsonata.evaluate(null, frame));
        }
        if (template.isObject()) {
            ObjectNode evaluated = JSON.createObjectNode();
            template.fields().forEachRemaining(field -> evaluated.set(field.getKey(), evaluate(field.getValue(), states)));
            return evaluated;
        }
        return template;
    }

    private static Object toJsonata(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), toJsonata(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(toJsonata(element)));
            return list;
        }
        return JSON.convertValue(node, Object.class);
    }

    private static JsonNode fromJsonata(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return JSON.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JSON.createObjectNode();
            // In a result, JSONata leaves an undefined member out and gives a JSON null as Java's null.
            map.forEach((key, member) -> object.set(String.valueOf(key), fromJsonata(member)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JSON.createArrayNode();
            list.forEach(element -> array.add(fromJsonata(element)));
            return array;
        }
        return JSON.valueToTree(value);
    }
}
