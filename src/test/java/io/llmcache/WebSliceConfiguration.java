package io.llmcache;

import io.llmcache.system.JsonConfiguration;
import io.llmcache.system.LimitsProperties;
import io.llmcache.tenant.Caller;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * What a web slice leaves out but the service's edge needs: the API keys, their
 * interceptor and the {@code Caller} argument (the tenant package), and the request
 * limits with the JSON mapper that enforces them. A {@code @TestConfiguration}, so that
 * the component scan of full-stack tests does not pick it up a second time.
 *
 * @see WebSliceTest
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
@ComponentScan(basePackageClasses = Caller.class)
@Import(JsonConfiguration.class)
public class WebSliceConfiguration {

}
