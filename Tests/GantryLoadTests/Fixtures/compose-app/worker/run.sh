#!/bin/sh
exec worker --queue "$QUEUE"
