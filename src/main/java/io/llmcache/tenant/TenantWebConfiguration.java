package io.llmcache.tenant;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts API-key authentication in front of the API ({@code /v1/**}, {@code /openai/**}).
 * Actuator and the OpenAPI documents stay open: they reveal no tenant data.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
class TenantWebConfiguration implements WebMvcConfigurer {

	private final ApiKeyRegistry registry;

	TenantWebConfiguration(ApiKeyRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void addInterceptors(InterceptorRegistry interceptors) {
		interceptors.addInterceptor(new ApiKeyInterceptor(this.registry)).addPathPatterns("/v1/**", "/openai/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CallerArgumentResolver());
	}

}
