@NullMarked
package io.customerdata.departments.support;

import org.jspecify.annotations.NullMarked;
