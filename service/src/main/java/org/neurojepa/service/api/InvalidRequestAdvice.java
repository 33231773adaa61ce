package org.neurojepa.service.api;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Answers a bad request with 400 and its reason as {@code {"error": "…"}}, the shape the API's
 * other refusals have. Only reasons the API itself wrote, and the name of a parameter that did not
 * parse, are sent: never an internal exception's message.
 */
@RestControllerAdvice
public final class InvalidRequestAdvice {

  @ExceptionHandler(InvalidRequest.class)
  ResponseEntity<Map<String, String>> invalid(InvalidRequest e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, String>> unreadable(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getParameter().nestedIfOptional().getNestedParameterType();
    String expected = " (expected " + expectation(type) + ")";
    return ResponseEntity.badRequest().body(Map.of("error", "parameter '" + e.getName() + "' cannot be read" + expected));
  }

  private static String expectation(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (type == java.time.Instant.class) {
      return "an ISO-8601 instant such as 2026-01-31T00:00:00Z";
    }
    return type.getSimpleName();
  }
}
