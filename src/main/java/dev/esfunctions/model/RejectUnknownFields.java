package dev.esfunctions.model;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A misspelt field must fail loudly, not be ignored. Funqy copies the application's ObjectMapper and switches
 * FAIL_ON_UNKNOWN_PROPERTIES off; a problem handler is consulted before that switch, and survives the copy.
 */
@Singleton
public class RejectUnknownFields implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                    JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
                throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName,
                        deserializer.getKnownPropertyNames());
            }
        });
    }
}
