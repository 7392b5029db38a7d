package dev.esfunctions.observability;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * The functions of a class whose calls are counted and timed by {@link FunctionCalls}. Such a class is also a
 * {@code @Singleton}: Funqy asks the container for the function's bean on every call, and a {@code @Dependent} one
 * was built anew each time, with its interceptor (a batch built the five functions it holds); the functions keep no
 * state of a call.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Measured {
}
