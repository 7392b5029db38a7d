package dev.esfunctions.benchmark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * What Lambda's Java runtime does with the JVM build, for the benchmark to time it: construct the handler (Lambda's
 * init phase, where Quarkus starts), then hand it one event and print the answer. Run on the Lambda build's own class
 * path, apart from the test classes; reflection keeps it free of the Lambda classes at compile time.
 */
public final class LambdaJvmInvoker {

    private LambdaJvmInvoker() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> handlerClass = Class.forName("io.quarkus.funqy.lambda.FunqyStreamHandler");
        Object handler = handlerClass.getConstructor().newInstance();
        Method handle = null;
        for (Method method : handlerClass.getMethods()) {
            if (method.getName().equals("handleRequest") && method.getParameterCount() == 3) {
                handle = method;
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handle.invoke(handler, new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), answer, null);
        System.out.println("ANSWER " + answer.toString(StandardCharsets.UTF_8));
        System.out.flush();
        Thread.sleep(60_000);
    }
}
