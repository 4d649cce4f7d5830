@NullMarked
package io.customerdata.departments.population;

import org.jspecify.annotations.NullMarked;
