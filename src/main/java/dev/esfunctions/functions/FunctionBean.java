package dev.esfunctions.functions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.inject.Stereotype;
import jakarta.inject.Singleton;


/**
 * A class of {@code @Funq} functions: one instance serves every call, and its calls are measured. Funqy asks the
 * container for the class's bean on each call; left {@code @Dependent}, that built a new function and a new
 * interceptor for every call (and, for a batch, every function it holds). The functions keep no state of a call.
 */
@Stereotype
@Singleton
@FunctionBean
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FunctionBean {
}
