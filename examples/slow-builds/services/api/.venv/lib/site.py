# site-packages of a local virtualenv
