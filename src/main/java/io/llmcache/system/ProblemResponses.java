package io.llmcache.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems a handler method answers beyond those every operation of its kind can
 * answer, for the OpenAPI document. Missing or unknown key (401), missing role (403), an
 * invalid or oversized body (400, 413) and an internal error (500) are documented for
 * every operation without it; this names the rest, such as
 * {@link ProblemType#ENTRY_NOT_FOUND} or {@link ProblemType#STORE_UNAVAILABLE}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemResponses {

	/**
	 * The problems the operation may answer.
	 * @return the problem types
	 */
	ProblemType[] value();

}
