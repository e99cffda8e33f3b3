package io.llmcache.tenant;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a handler method needs. Every handler under an authenticated path must carry
 * it; a handler without it is refused (fail closed).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresRole {

	/**
	 * The role the caller's key must hold.
	 * @return the role
	 */
	Role value();

}
