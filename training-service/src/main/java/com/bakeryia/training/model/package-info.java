/** Trained models of a bakery: their files on disk and their rows, stored together. */
@NullMarked
package com.bakeryia.training.model;

import org.jspecify.annotations.NullMarked;
