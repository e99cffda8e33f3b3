package io.llmcache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;

/**
 * A {@code @WebMvcTest} of one controller with what every endpoint of the service sits
 * behind: API-key authentication and roles from the test keys ({@link TestApiKeys}), the
 * body limits and the problem details. The test mocks the controller's collaborators with
 * {@code @MockitoBean}.
 *
 * @see WebSliceConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@ActiveProfiles("test")
@Import(WebSliceConfiguration.class)
public @interface WebSliceTest {

	/**
	 * The controllers to test.
	 * @return the controllers
	 */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value();

}
