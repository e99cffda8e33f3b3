package io.llmcache.normalize;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A user-supplied mask: every match of {@code pattern} (RE2 syntax, linear time) is
 * replaced by the literal {@code replacement}.
 *
 * @param pattern the RE2 regular expression to match
 * @param replacement the literal placeholder that replaces each match
 */
public record Mask(@NotBlank @Size(max = 512) String pattern, @NotNull @Size(max = 64) String replacement) {

}
