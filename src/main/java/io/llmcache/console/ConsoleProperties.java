package io.llmcache.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Console settings ({@code llmcache.console.*}).
 *
 * @param enabled whether {@code /console} is served; the API it calls is not affected
 */
@ConfigurationProperties("llmcache.console")
record ConsoleProperties(@DefaultValue("true") boolean enabled) {

}
