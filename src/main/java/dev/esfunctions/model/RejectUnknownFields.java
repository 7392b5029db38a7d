package dev.esfunctions.model;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import dev.esfunctions.errors.Failures;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A request body is bound strictly, and what does not fit is the caller's error in the contract's terms, on every
 * surface.
 * <ul>
 * <li>A misspelt field fails loudly: Funqy copies the application's ObjectMapper and switches
 * FAIL_ON_UNKNOWN_PROPERTIES off; a problem handler is consulted before that switch, and survives the copy. Funqy
 * also matches field names regardless of case: each request record says it does not ({@code @JsonFormat}). A field
 * given twice is refused.</li>
 * <li>When a request cannot be bound, the failure leaves the reader as the contract's error ({@link Failures}), with
 * the path Jackson built: a surface reports a Jackson exception its own way (Lambda by its class and message), and
 * would lose both. A structured CloudEvent is read as a tree first, so a tree that cannot be read at the root of a
 * body (too deeply nested, cut short) fails the same way; the cluster's answers are read by a mapper of their own.
 * Only a Lambda event that is not JSON at all, or is empty, fails before any of this is reached, as Jackson's own
 * exception: Lambda's Invoke API refuses a payload that is not JSON before the function sees it.</li>
 * <li>A number in a tree keeps every digit the caller sent: a structured CloudEvent is read whole as a tree before it
 * is bound, and a query is a tree; a decimal in a tree was a double, so a document's
 * {@code 12345678901234567890.10} reached the cluster as {@code 1.2345678901234567E19}.</li>
 * </ul>
 */
@Singleton
public class RejectUnknownFields implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        // A null inside a list or an object of the contract is refused, naming it, unless the field says what null
        // means there (a document that fails alone, a value to set).
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                    JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
                throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName,
                        deserializer.getKnownPropertyNames());
            }
        });
        SimpleModule requestFailures = new SimpleModule("request-failures");
        requestFailures.addDeserializer(JsonNode.class, tree(new RequestFailures(JsonNodeDeserializer.getDeserializer(
                JsonNode.class))));
        mapper.registerModule(requestFailures.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                return type.getPackage() == RejectUnknownFields.class.getPackage() && type.getSimpleName()
                        .endsWith("Request") ? new RequestFailures(deserializer) : deserializer;
            }
        }));
    }

    @SuppressWarnings("unchecked")
    private static JsonDeserializer<JsonNode> tree(JsonDeserializer<?> deserializer) {
        return (JsonDeserializer<JsonNode>) deserializer;
    }

    /** A request's deserializer that, at the root of a body, fails with the contract's error. */
    private static final class RequestFailures extends DelegatingDeserializer {

        RequestFailures(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new RequestFailures(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            boolean root = atRoot(parser.getParsingContext());
            try {
                return super.deserialize(parser, context);
            } catch (JsonProcessingException unbound) {
                if (root) {
                    throw Failures.unreadableInput(unbound);
                }
                throw unbound;
            }
        }

        /** A request inside another (an operation of a batch) leaves its failure to the outer one, with its path. */
        private static boolean atRoot(JsonStreamContext context) {
            return context == null || context.inRoot() || context.getParent() == null || context.getParent().inRoot();
        }
    }
}
