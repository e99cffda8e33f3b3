package io.llmcache;

import io.llmcache.system.JsonConfiguration;
import io.llmcache.system.LimitsProperties;
import io.llmcache.tenant.Caller;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * What a web slice leaves out but every controller's edge needs: API keys and roles (the
 * tenant package), request limits and the service's JSON settings.
 */
@TestConfiguration
@EnableConfigurationProperties(LimitsProperties.class)
@ComponentScan(basePackageClasses = Caller.class)
@Import(JsonConfiguration.class)
public class WebSliceConfiguration {

}
